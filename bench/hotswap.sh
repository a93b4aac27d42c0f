#!/usr/bin/env bash
# Hot swap under load (bench/README.md, "Hot swap"). Each run: one gamebus node (the bench
# counter game, 1.0.0, from a jar) pinned to SERVER_CPU; the load generator (pinned to
# LOAD_CPU) connects PLAYERS players that each keep one `add` in flight, measures a baseline
# window, POSTs counter 2.0.0 to /admin/games?mode=migrate, and measures the swap and the window
# after it; then every request must have been answered and the counter must equal the
# acknowledged adds. CPU of the server, the load generator and everything else is read from
# /proc at each window's edges. Exits non-zero if any run failed a check.
# Environment knobs (defaults in brackets):
#   RUNS [3]  PLAYERS [1000]  INSTANCES [10] counter instances  TRANSPORT [tcp] (or ws)
#   WARMUP [5]  BASELINE [10]  AFTER [10] seconds  MODE [migrate]
#   SERVER_CPU [1]  LOAD_CPU [0]  SERVER_JAVA_OPTS / LOAD_JAVA_OPTS ["-Xms1g -Xmx1g -Xmn128m"]
#   QUIET_PCT [25] QUIET_WAIT [120]: before each run, wait (at most QUIET_WAIT s) for other processes
#   to use at most QUIET_PCT % of a CPU
#   TCP_PORT [17570]  HTTP_PORT [18570]  ADMIN_PORT [19570]  SKIP_BUILD [0]  OUT [bench/target/hotswap/<time>]
set -uo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
cd "$ROOT"
RUNS=${RUNS:-3}
PLAYERS=${PLAYERS:-1000}
INSTANCES=${INSTANCES:-10}
TRANSPORT=${TRANSPORT:-tcp}
WARMUP=${WARMUP:-5}
BASELINE=${BASELINE:-10}
AFTER=${AFTER:-10}
MODE=${MODE:-migrate}
SERVER_CPU=${SERVER_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-"-Xms1g -Xmx1g -Xmn128m"}
LOAD_JAVA_OPTS=${LOAD_JAVA_OPTS:-"-Xms1g -Xmx1g -Xmn128m"}
OUT=${OUT:-$BENCH/target/hotswap/$(date +%Y%m%d-%H%M%S)}
. "$BENCH/lib.sh"

TCP_PORT=${TCP_PORT:-17570}
HTTP_PORT=${HTTP_PORT:-18570}
ADMIN_PORT=${ADMIN_PORT:-19570}
SERVER_PID=""
LOAD_PID=""
export GAMEBUS_ADMIN_TOKEN=${GAMEBUS_ADMIN_TOKEN:-bench-$RANDOM$RANDOM}

cleanup() {
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null
  stop_pid "$SERVER_PID"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

write_conf() {
  cat > "$OUT/gamebus-hotswap.json" <<EOF
{
  "node": { "id": "swap", "roles": ["gateway", "games"] },
  "gateway": { "host": "127.0.0.1", "tcpPort": $TCP_PORT, "httpPort": $HTTP_PORT, "defaultGame": "counter",
               "requestTimeoutMs": 5000, "idleSeconds": 3600, "maxMessagesPerSecond": 1000000 },
  "admin": { "host": "127.0.0.1", "port": $ADMIN_PORT },
  "games": [ { "name": "counter", "jar": "$COUNTER_DIR/counter-1.0.0.jar", "instances": $INSTANCES,
               "capacity": $PLAYERS, "snapshotMs": 1000 } ]
}
EOF
}

# One run: fresh server, the swap workload, CPU per window. Appends a row to $TSV.
one_run() {  # run
  local run=$1 slog="$OUT/run$1.server.log" llog="$OUT/run$1.load.log"
  require_free_ports "$TCP_PORT" "$HTTP_PORT" "$ADMIN_PORT"
  wait_quiet
  log "run $run: starting the server (others used ${QUIET_SEEN}% of a CPU just before)"
  taskset -c "$SERVER_CPU" java $SERVER_JAVA_OPTS -jar "$GAMEBUS_JAR" --conf "$OUT/gamebus-hotswap.json" > "$slog" 2>&1 &
  SERVER_PID=$!
  wait_ready "$SERVER_PID" "$slog" 120 || { SERVER_PID=""; return 1; }
  log "run $run: server pid $SERVER_PID ready; load: $PLAYERS players over $TRANSPORT"
  local -A s0 s1 l0 l1 b0 b1 w0 w1
  local line result="" name
  while IFS= read -r line; do
    echo "$line" >> "$llog"
    case "$line" in
      "WINDOW "*" start")
        name=${line#WINDOW }; name=${name% start}
        read_ticks "$SERVER_PID"; s0[$name]=$TICKS; read_ticks "$LOAD_PID"; l0[$name]=$TICKS
        read_busy; b0[$name]=$BUSY; w0[$name]=$EPOCHREALTIME ;;
      "WINDOW "*" end")
        name=${line#WINDOW }; name=${name% end}
        read_ticks "$SERVER_PID"; s1[$name]=$TICKS; read_ticks "$LOAD_PID"; l1[$name]=$TICKS
        read_busy; b1[$name]=$BUSY; w1[$name]=$EPOCHREALTIME ;;
      "load pid="*) LOAD_PID=${line#load pid=} ;;
      POST*|placed*|connected*|FAILED*|counter*) log "run $run: $line" ;;
      RESULT*) result=$line ;;
    esac
  done < <(timeout $(( WARMUP + BASELINE + AFTER + 300 )) taskset -c "$LOAD_CPU" \
             java $LOAD_JAVA_OPTS -jar "$BENCH_JAR" load swap --transport "$TRANSPORT" --port "$TCP_PORT" \
             --admin-port "$ADMIN_PORT" --connections "$PLAYERS" --jar "$COUNTER_DIR/counter-2.0.0.jar" \
             --mode "$MODE" --warmup "$WARMUP" --baseline "$BASELINE" --after "$AFTER" --name "swap-run$run" 2>&1)
  LOAD_PID=""
  local srv_errors
  srv_errors=$(grep -cE ' ERROR |Exception' "$slog")
  stop_pid "$SERVER_PID"
  SERVER_PID=""
  if [ -z "$result" ] || [ -z "${w1[after]:-}" ]; then
    log "run $run: the load generator did not finish, see $llog"
    return 1
  fi
  echo "$result" > "$OUT/run$run.result"
  # CPU per window: server %, load %, others % of one CPU.
  local cpu="" w
  for w in baseline swap after; do
    cpu+=$(awk -v hz="$HZ" -v ds=$(( s1[$w] - s0[$w] )) -v dl=$(( l1[$w] - l0[$w] )) -v db=$(( b1[$w] - b0[$w] )) \
      -v t0="${w0[$w]}" -v t1="${w1[$w]}" 'BEGIN { wall = t1 - t0
        printf "\t%.0f\t%.0f\t%.0f", 100 * ds / hz / wall, 100 * dl / hz / wall, 100 * (db - ds - dl) / hz / wall }')
  done
  local f
  printf '%s' "$run" >> "$TSV"
  for f in post_status post_ms moved moved_all_ms lost unanswered unexpected closes errors acked_adds final_count \
           count_ok base_rps base_p50_us base_p99_us base_p999_us base_max_us swap_s swap_rps swap_p50_us \
           swap_p99_us swap_p999_us swap_max_us swap_errors after_rps after_p50_us after_p99_us after_p999_us; do
    printf '\t%s' "$(field "$f" "$result")" >> "$TSV"
  done
  printf '%s\t%s\n' "$cpu" "$srv_errors" >> "$TSV"
  tail -1 "$TSV" >&2
  grep -q '^FAILED' "$llog" && return 1
  return 0
}

summary() {
  local col
  echo
  echo "Per run (latency µs; ratios swap/baseline; cpu% of one CPU: server/load/others):"
  awk -F'\t' 'NR > 1 {
      printf "run %s: POST %s in %s ms, all %s players moved after %s ms; lost %s (unanswered %s), closes %s, errors %s; adds acked %s, final count %s, count_ok %s\n", $1, $2, $3, $4, $5, $6, $7, $9, $10, $11, $12, $13
      printf "   baseline %s req/s p50 %s p99 %s p999 %s max %s | swap window %.2f s: %s req/s p50 %s p99 %s p999 %s max %s (errors %s) | after %s req/s p50 %s p99 %s p999 %s\n", $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29
      printf "   ratios swap/baseline: p50 %.2f p99 %.2f p999 %.2f req/s %.2f | cpu%% baseline %s/%s/%s swap %s/%s/%s after %s/%s/%s | server log ERROR/Exception lines: %s\n", $21 / $15, $22 / $16, $23 / $17, $20 / $14, $30, $31, $32, $33, $34, $35, $36, $37, $38, $39
    }' "$TSV"
  echo
  printf 'median over %s runs: ' "$(($(wc -l < "$TSV") - 1))"
  local names=(x x post_ms x moved_all_ms lost unanswered x closes x x x x base_rps base_p50 base_p99 base_p999 x x swap_rps swap_p50 swap_p99 swap_p999 swap_max)
  for col in 3 5 6 7 9 14 15 16 17 20 21 22 23 24; do
    printf '%s=%s ' "${names[$((col - 1))]}" "$(awk -F'\t' -v c=$col 'NR > 1 { print $c }' "$TSV" | median)"
  done
  printf 'p99_ratio=%s p999_ratio=%s others_cpu_baseline=%s%% others_cpu_swap=%s%%\n' \
    "$(awk -F'\t' 'NR > 1 && $16 > 0 { printf "%.2f\n", $22 / $16 }' "$TSV" | median)" \
    "$(awk -F'\t' 'NR > 1 && $17 > 0 { printf "%.2f\n", $23 / $17 }' "$TSV" | median)" \
    "$(awk -F'\t' 'NR > 1 { print $32 }' "$TSV" | median)" "$(awk -F'\t' 'NR > 1 { print $35 }' "$TSV" | median)"
  awk -F'\t' 'NR > 1 && ($32 > 10 || $35 > 10) { n++ } END {
    if (n) printf "warning: in %d run(s) other processes used over 10%% of a CPU during the baseline or swap window: the machine was not quiet\n", n }' "$TSV"
}

main() {
  [[ $TRANSPORT == tcp || $TRANSPORT == ws ]] || die "TRANSPORT must be tcp or ws"
  mkdir -p "$OUT"
  build_bench
  build_counter
  write_conf
  TSV=$OUT/results.tsv
  printf 'run\tpost_status\tpost_ms\tmoved\tmoved_all_ms\tlost\tunanswered\tunexpected\tcloses\terrors\tacked_adds\tfinal_count\tcount_ok\tbase_rps\tbase_p50_us\tbase_p99_us\tbase_p999_us\tbase_max_us\tswap_s\tswap_rps\tswap_p50_us\tswap_p99_us\tswap_p999_us\tswap_max_us\tswap_errors\tafter_rps\tafter_p50_us\tafter_p99_us\tafter_p999_us\tsrv_cpu_base\tload_cpu_base\tother_cpu_base\tsrv_cpu_swap\tload_cpu_swap\tother_cpu_swap\tsrv_cpu_after\tload_cpu_after\tother_cpu_after\tserver_log_errors\n' > "$TSV"
  local run failed=0
  for run in $(seq 1 "$RUNS"); do
    one_run "$run" || { failed=$((failed + 1)); log "run $run FAILED (logs in $OUT)"; }
  done
  summary | tee "$OUT/summary.txt"
  echo "logs, results.tsv and summary.txt in $OUT"
  [ "$failed" -eq 0 ] || die "$failed run(s) failed a check"
}

main
