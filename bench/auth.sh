#!/usr/bin/env bash
# Authentication at hello (bench/README.md, "Authentication"). Sessions opened per second, and the
# server CPU each costs, with no authentication and with RS256, ES256 and HS256 tokens verified,
# in the same run. Each run: one gamebus node (echo) pinned to SERVER_CPU; the load generator
# (pinned to LOAD_CPU) keeps CONCURRENCY loops of connect, hello, welcome, bye; the server's CPU
# time in the measured window is read from /proc. Every case has the same connection churn, so
# the difference to "none" is what verifying the token costs. First, the check alone:
# bench/auth-verify/VerifyCost (compiled against the gamebus jar) verifies each kind of token in a
# loop on one thread pinned to SERVER_CPU and prints the CPU time per check. Exits non-zero if a
# run failed.
# Environment knobs (defaults in brackets):
#   ROUNDS [2]  CASES ["none RS256 ES256 HS256"]  CONCURRENCY [16]  WARMUP [10]  DURATION [10]
#   SERVER_CPU [1]  LOAD_CPU [0]  SERVER_JAVA_OPTS / LOAD_JAVA_OPTS ["-Xms1g -Xmx1g -Xmn128m"]
#   QUIET_PCT [25] QUIET_WAIT [60]: before each run, wait for other processes to calm down
#   TCP_PORT [17771]  HTTP_PORT [18771]  ADMIN_PORT [19771]  SKIP_BUILD [0]  OUT [bench/target/auth/<time>]
set -uo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
cd "$ROOT"
ROUNDS=${ROUNDS:-2}
CASES=${CASES:-"none RS256 ES256 HS256"}
CONCURRENCY=${CONCURRENCY:-16}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-10}
SERVER_CPU=${SERVER_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-"-Xms1g -Xmx1g -Xmn128m"}
LOAD_JAVA_OPTS=${LOAD_JAVA_OPTS:-"-Xms1g -Xmx1g -Xmn128m"}
QUIET_WAIT=${QUIET_WAIT:-60}
OUT=${OUT:-$BENCH/target/auth/$(date +%Y%m%d-%H%M%S)}
. "$BENCH/lib.sh"

TCP_PORT=${TCP_PORT:-17771}
HTTP_PORT=${HTTP_PORT:-18771}
ADMIN_PORT=${ADMIN_PORT:-19771}
export GAMEBUS_ADMIN_TOKEN=${GAMEBUS_ADMIN_TOKEN:-bench-$RANDOM$RANDOM}
stop_on_exit

mkdir -p "$OUT"
build_bench
require_free_ports "$TCP_PORT" "$HTTP_PORT" "$ADMIN_PORT"
cat > "$OUT/gamebus-none.json" <<JSON
{
  "node": { "id": "auth", "roles": ["gateway", "games"] },
  "gateway": { "host": "127.0.0.1", "tcpPort": $TCP_PORT, "httpPort": $HTTP_PORT, "defaultGame": "echo",
               "idleSeconds": 3600, "maxMessagesPerSecond": 1000000, "resumeSeconds": 0 },
  "admin": { "host": "127.0.0.1", "port": $ADMIN_PORT },
  "games": [ { "name": "echo", "instances": 4, "capacity": 100000 } ]
}
JSON
java -jar "$BENCH_JAR" tokens --dir "$OUT" --base "$OUT/gamebus-none.json" --count 200 > "$OUT/tokens.log" 2>&1 \
  || die "making the keys and tokens failed, see $OUT/tokens.log"

mkdir -p "$OUT/verify-classes"
javac --release 17 -cp "$GAMEBUS_JAR" -d "$OUT/verify-classes" "$BENCH"/auth-verify/io/gamebus/bench/auth/*.java \
  > "$OUT/verify-javac.log" 2>&1 || { cat "$OUT/verify-javac.log" >&2; die "compiling VerifyCost failed"; }
log "the check alone (VerifyCost, ${WARMUP} s warm-up and ${DURATION} s per algorithm)"
(pinned "$SERVER_CPU" java $SERVER_JAVA_OPTS -cp "$GAMEBUS_JAR:$OUT/verify-classes" io.gamebus.bench.auth.VerifyCost \
  "$OUT" "$WARMUP" "$DURATION") 2>&1 | grep '^VERIFY' | tee "$OUT/verify.txt"

TSV=$OUT/results.tsv
printf 'round\tcase\thellos_per_s\tp50_us\tp99_us\tserver_cpu_us_per_hello\tserver_util_pct\tload_util_pct\tothers_util_pct\terrors\n' > "$TSV"

one_run() {  # round case
  local round=$1 case=$2 conf=$OUT/gamebus-auth.json tokens=()
  [ "$case" = none ] && conf=$OUT/gamebus-none.json || tokens=(--tokens "$OUT/$case.txt")
  local log=$OUT/$round-$case
  (pinned "$SERVER_CPU" java $SERVER_JAVA_OPTS $HAZELCAST_OPTS -jar "$GAMEBUS_JAR" --conf "$conf") > "$log.server.log" 2>&1 &
  SERVER_PID=$!
  if ! wait_ready "$SERVER_PID" "$log.server.log" 120; then
    printf '%s\t%s\tFAILED\n' "$round" "$case" | tee -a "$TSV"; stop_pid "$SERVER_PID"; SERVER_PID=""; return 1
  fi
  wait_quiet "$SERVER_PID"
  local line s0=0 s1=0 l0=0 l1=0 b0=0 b1=0 w0="" w1="" result=""
  while IFS= read -r line; do
    echo "$line" >> "$log.load.log"
    case "$line" in
      "WINDOW start") read_ticks "$SERVER_PID"; s0=$TICKS; read_ticks "$LOAD_PID"; l0=$TICKS; read_busy; b0=$BUSY; w0=$EPOCHREALTIME ;;
      "WINDOW end") read_ticks "$SERVER_PID"; s1=$TICKS; read_ticks "$LOAD_PID"; l1=$TICKS; read_busy; b1=$BUSY; w1=$EPOCHREALTIME ;;
      "load pid="*) LOAD_PID=${line#load pid=} ;;
      RESULT*) result=$line ;;
    esac
  done < <(timeout $(( WARMUP + DURATION + 120 )) taskset -c "$LOAD_CPU" java $LOAD_JAVA_OPTS -jar "$BENCH_JAR" \
             load hellos --port "$TCP_PORT" --concurrency "$CONCURRENCY" --warmup "$WARMUP" --seconds "$DURATION" \
             --name "$case" "${tokens[@]}" 2>&1)
  LOAD_PID=""
  stop_pid "$SERVER_PID"; SERVER_PID=""
  if [ -z "$result" ] || [ -z "$w1" ]; then
    printf '%s\t%s\tFAILED\n' "$round" "$case" | tee -a "$TSV"; return 1
  fi
  awk -v r="$round" -v c="$case" -v hz="$HZ" -v msgs="$(field msgs "$result")" -v rate="$(field msgs_per_s "$result")" \
      -v p50="$(field p50_us "$result")" -v p99="$(field p99_us "$result")" -v err="$(field errors "$result")" \
      -v ds=$(( s1 - s0 )) -v dl=$(( l1 - l0 )) -v oth=$(( b1 - b0 - (s1 - s0) - (l1 - l0) )) -v w0="$w0" -v w1="$w1" 'BEGIN {
        wall = w1 - w0; cpu = ds / hz
        printf "%s\t%s\t%d\t%d\t%d\t%.1f\t%.0f\t%.0f\t%.0f\t%d\n", r, c, rate, p50, p99, (msgs > 0 ? cpu * 1e6 / msgs : 0),
          100 * cpu / wall, 100 * dl / hz / wall, 100 * oth / hz / wall, err }' | tee -a "$TSV"
  [ "$(field errors "$result")" = 0 ]
}

failed=0
log "auth bench: rounds $ROUNDS, cases $CASES, $CONCURRENCY loops, ${WARMUP}+${DURATION} s each; results in $OUT"
for round in $(seq 1 "$ROUNDS"); do
  for case in $CASES; do
    one_run "$round" "$case" || failed=1
  done
done

{
  echo
  echo "Medians over rounds; 'added' is the server CPU per hello above 'none', in µs:"
  printf '%-6s %12s %14s %10s %9s\n' case hellos/s 'cpu µs/hello' added 'rate/none'
  base_cpu=$(awk -F'\t' '$2 == "none" && $3 != "FAILED" { print $6 }' "$TSV" | median)
  base_rate=$(awk -F'\t' '$2 == "none" && $3 != "FAILED" { print $3 }' "$TSV" | median)
  for case in $CASES; do
    rate=$(awk -F'\t' -v c="$case" '$2 == c && $3 != "FAILED" { print $3 }' "$TSV" | median)
    cpu=$(awk -F'\t' -v c="$case" '$2 == c && $3 != "FAILED" { print $6 }' "$TSV" | median)
    awk -v c="$case" -v r="$rate" -v u="$cpu" -v bu="$base_cpu" -v br="$base_rate" 'BEGIN {
      printf "%-6s %12s %14s %10s %9s\n", c, r, u, (u ~ /^[0-9.]+$/ && bu ~ /^[0-9.]+$/ ? sprintf("%.1f", u - bu) : "-"),
        (r ~ /^[0-9.]+$/ && br > 0 ? sprintf("%.2f", r / br) : "-") }'
  done
} | tee "$OUT/summary.txt"
exit $failed
