#!/usr/bin/env bash
# Cluster benchmarks (bench/README.md, "Cluster").
#   bench/cluster.sh throughput   request/reply through a gateway node to the instances on a games
#                                 node, against the same on one non-clustered node; alternating.
#   bench/cluster.sh loss         node-loss recovery: kill -9 the games node holding more players,
#                                 time until every one of its players got `moved` (node_lost).
#   bench/cluster.sh [all]        both.
# Every node process and the load generator are started here, pinned with taskset and stopped by
# PID (SIGTERM, then SIGKILL after 20 s). Exits non-zero if a run failed or a check did not hold.
# Environment knobs (defaults in brackets):
#   throughput: ROUNDS [2]  WORKLOADS ["reqrep-tcp-100x4 reqrep-ws-1000x1"]  DURATION [10]  WARMUP [30]
#               SETUPS ["single cluster"]
#   loss:       KILLS [20]  LOSS_BUDGET [600] seconds for all kills (fewer kills if it runs out)
#               LOSS_PLAYERS [200]  THINK_MS [100] between a player's requests  SNAPSHOT_MS [100]
#               RESTART [both]: after a kill, restart both games nodes (back to the same state);
#               `victim`: restart only the killed node, under its id
#   LOSS_CPUS [0,1]: CPUs of the three node processes of the loss test (the load generator stays on LOAD_CPU)
#   SERVER_CPU [1] (every node process of the throughput test)  LOAD_CPU [0]  SERVER_JAVA_OPTS / LOAD_JAVA_OPTS ["-Xms1g -Xmx1g -Xmn128m"]
#   LOSS_JAVA_OPTS ["-Xms256m -Xmx256m"]  PORT_BASE [17600] (ports PORT_BASE+1.. , +1000, +2000; Hazelcast 5870+)
#   QUIET_PCT [25] QUIET_WAIT [120]: before each throughput run, wait (at most QUIET_WAIT s) for other
#   processes to use at most QUIET_PCT % of a CPU; LOSS_QUIET_WAIT [0]: the same before each kill (0: no wait)
#   SKIP_BUILD [0]  OUT [bench/target/cluster/<time>]
set -uo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
cd "$ROOT"
ROUNDS=${ROUNDS:-2}
WORKLOADS=${WORKLOADS:-"reqrep-tcp-100x4 reqrep-ws-1000x1"}
SETUPS=${SETUPS:-"single cluster"}
DURATION=${DURATION:-10}
# Two JVMs (and Hazelcast) share one CPU in the cluster setup: their JIT compilers need about
# 30 s of load before the figures settle (5 s measured a third of the steady rate).
WARMUP=${WARMUP:-30}
KILLS=${KILLS:-20}
LOSS_BUDGET=${LOSS_BUDGET:-600}
LOSS_PLAYERS=${LOSS_PLAYERS:-200}
THINK_MS=${THINK_MS:-100}
SNAPSHOT_MS=${SNAPSHOT_MS:-100}
RESTART=${RESTART:-both}
SERVER_CPU=${SERVER_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-"-Xms1g -Xmx1g -Xmn128m"}
LOAD_JAVA_OPTS=${LOAD_JAVA_OPTS:-"-Xms1g -Xmx1g -Xmn128m"}
LOSS_JAVA_OPTS=${LOSS_JAVA_OPTS:-"-Xms256m -Xmx256m"}
LOSS_CPUS=${LOSS_CPUS:-0,1}
PORT_BASE=${PORT_BASE:-17600}
HZ_BASE=${HZ_BASE:-5870}
OUT=${OUT:-$BENCH/target/cluster/$(date +%Y%m%d-%H%M%S)}
. "$BENCH/lib.sh"
export GAMEBUS_ADMIN_TOKEN=${GAMEBUS_ADMIN_TOKEN:-bench-$RANDOM$RANDOM}
CLUSTER_NAME=bench-$$-$RANDOM

declare -A PIDS=()    # node id -> pid of every node process running
LOAD_PID=""

cleanup() {
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null
  local id
  for id in "${!PIDS[@]}"; do stop_pid "${PIDS[$id]}"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Port of a node: kind tcp|http|admin|hz, slot 1..9 (distinct per node of this script).
port() {
  case "$1" in
    tcp) echo $(( PORT_BASE + $2 )) ;; http) echo $(( PORT_BASE + 1000 + $2 )) ;;
    admin) echo $(( PORT_BASE + 2000 + $2 )) ;; hz) echo $(( HZ_BASE + $2 )) ;;
  esac
}

# Writes $OUT/<id>.json. members: the Hazelcast slots of the cluster ("" for a lone node).
node_conf() {  # id slot roles-json games-json members [default-game, echo]
  local id=$1 slot=$2 roles=$3 games=$4 members=$5 default_game=${6:-echo} cluster="" m list=""
  if [ -n "$members" ]; then
    for m in $members; do list+="${list:+, }\"127.0.0.1:$(port hz "$m")\""; done
    cluster=", \"cluster\": { \"name\": \"$CLUSTER_NAME\", \"host\": \"127.0.0.1\", \"port\": $(port hz "$slot"), \"members\": [$list] }"
  fi
  cat > "$OUT/$id.json" <<EOF
{ "node": { "id": "$id", "roles": $roles },
  "gateway": { "host": "127.0.0.1", "tcpPort": $(port tcp "$slot"), "httpPort": $(port http "$slot"),
               "defaultGame": "$default_game", "requestTimeoutMs": 5000, "idleSeconds": 3600, "resumeSeconds": 5,
               "maxMessagesPerSecond": 1000000 },
  "admin": { "host": "127.0.0.1", "port": $(port admin "$slot") },
  "games": $games$cluster
}
EOF
}

# Starts a node process pinned to CPUS (default SERVER_CPU); sets PIDS[id]. Does not wait.
start_node() {  # id slot clustered(0|1) java-opts logfile
  local id=$1 slot=$2 opts=$4 log=$5 extra="" cpus=${CPUS:-$SERVER_CPU}
  require_free_ports "$(port tcp "$slot")" "$(port http "$slot")" "$(port admin "$slot")"
  if [ "$3" = 1 ]; then
    require_free_ports "$(port hz "$slot")"
    extra=--cluster
    opts="$opts $HAZELCAST_OPTS"
  fi
  # shellcheck disable=SC2086
  taskset -c "$cpus" java $opts -jar "$GAMEBUS_JAR" --conf "$OUT/$id.json" $extra >> "$log" 2>&1 &
  PIDS[$id]=$!
}

stop_node() {  # id
  stop_pid "${PIDS[$1]:-}"
  unset "PIDS[$1]"
}

# GET on a node's admin API (token from the environment).
admin_get() {  # slot path
  curl -sf --max-time 5 -H "Authorization: Bearer $GAMEBUS_ADMIN_TOKEN" "http://127.0.0.1:$(port admin "$1")$2"
}

# ---- (a) throughput: one node versus gateway node + games node -------------------------------

ECHO_GAMES='[ { "name": "echo", "instances": 20, "capacity": 10000 } ]'

start_setup() {  # setup tag
  local log=$OUT/$2
  case "$1" in
    single)
      node_conf solo 1 '["gateway", "games"]' "$ECHO_GAMES" ""
      start_node solo 1 0 "$SERVER_JAVA_OPTS" "$log.solo.log"
      wait_ready "${PIDS[solo]}" "$log.solo.log" 120 || return 1
      GATEWAY_SLOT=1 ;;
    cluster)
      node_conf ga 2 '["gateway"]' '[]' "2 3"
      node_conf gb 3 '["games"]' "$ECHO_GAMES" "2 3"
      start_node ga 2 1 "$SERVER_JAVA_OPTS" "$log.ga.log"
      start_node gb 3 1 "$SERVER_JAVA_OPTS" "$log.gb.log"
      wait_ready "${PIDS[ga]}" "$log.ga.log" 180 && wait_ready "${PIDS[gb]}" "$log.gb.log" 180 || return 1
      GATEWAY_SLOT=2 ;;
  esac
  probe_hello "$(port tcp "$GATEWAY_SLOT")" echo 60
}

stop_all() {
  local id
  for id in "${!PIDS[@]}"; do stop_node "$id"; done
}

throughput_run() {  # round workload setup
  local round=$1 workload=$2 setup=$3 tag="tp-$1-$2-$3" kind transport shape a b
  IFS=- read -r kind transport shape <<< "$workload"
  a=${shape%x*}; b=${shape#*x}
  wait_quiet
  log "throughput round $round $workload $setup (others used ${QUIET_SEEN}% of a CPU just before)"
  if ! start_setup "$setup" "$tag"; then
    stop_all
    printf '%s\t%s\t%s\tFAILED\n' "$round" "$workload" "$setup" | tee -a "$TP_TSV" >&2
    return 1
  fi
  local port
  port=$(port "$([ "$transport" = tcp ] && echo tcp || echo http)" "$GATEWAY_SLOT")
  local line result="" s0=0 s1=0 l0=0 l1=0 b0=0 b1=0 w0="" w1=""
  while IFS= read -r line; do
    echo "$line" >> "$OUT/$tag.load.log"
    case "$line" in
      "WINDOW start") ticks_start "${PIDS[@]}"; s0=0; read_ticks "$LOAD_PID"; l0=$TICKS; read_busy; b0=$BUSY; w0=$EPOCHREALTIME ;;
      "WINDOW end") ticks_delta; s1=$DELTA; read_ticks "$LOAD_PID"; l1=$TICKS; read_busy; b1=$BUSY; w1=$EPOCHREALTIME ;;
      "load pid="*) LOAD_PID=${line#load pid=} ;;
      RESULT*) result=$line ;;
    esac
  done < <(timeout $(( WARMUP + DURATION + 180 )) taskset -c "$LOAD_CPU" java $LOAD_JAVA_OPTS -jar "$BENCH_JAR" \
             load reqrep --transport "$transport" --port "$port" --connections "$a" --inflight "$b" \
             --seconds "$DURATION" --warmup "$WARMUP" --name "$workload-$setup" 2>&1)
  LOAD_PID=""
  stop_all
  if [ -z "$result" ] || [ -z "$w1" ]; then
    printf '%s\t%s\t%s\tFAILED\n' "$round" "$workload" "$setup" | tee -a "$TP_TSV" >&2
    return 1
  fi
  awk -v r="$round" -v w="$workload" -v s="$setup" -v hz="$HZ" -v msgs="$(field msgs "$result")" \
      -v rate="$(field msgs_per_s "$result")" -v p50="$(field p50_us "$result")" -v p99="$(field p99_us "$result")" \
      -v p999="$(field p999_us "$result")" -v err="$(field errors "$result")" -v closes="$(field closes "$result")" \
      -v ds=$(( s1 - s0 )) -v dl=$(( l1 - l0 )) -v oth=$(( b1 - b0 - (s1 - s0) - (l1 - l0) )) -v w0="$w0" -v w1="$w1" \
      'BEGIN { wall = w1 - w0; cpu = ds / hz
        printf "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%.2f\t%.0f\t%.0f\t%.0f\t%d\t%d\n", r, w, s, rate, p50, p99, p999,
          (msgs > 0 ? cpu * 1e6 / msgs : 0), 100 * cpu / wall, 100 * dl / hz / wall, 100 * oth / hz / wall, err, closes }' \
    | tee -a "$TP_TSV" >&2
}

throughput_summary() {
  echo
  echo "Throughput: means over rounds (cpu_us/reply: CPU of all node processes in the window / replies):"
  awk -F'\t' 'NR > 1 && $4 != "FAILED" {
      k = $2 SUBSEP $3; if (!(k in n)) order[++m] = k
      n[k]++; rate[k] += $4; p50[k] += $5; p99[k] += $6; p999[k] += $7; cpu[k] += $8; util[k] += $9; load[k] += $10; other[k] += $11 }
    END {
      printf "%-20s %-8s %9s %8s %8s %8s %11s %9s %9s %7s %13s %12s\n", "workload", "setup", "replies/s",
        "p50_us", "p99_us", "p999_us", "cpu_us/reply", "srv_cpu%", "load_cpu%", "other%", "rate cl/single", "cpu cl/single"
      for (i = 1; i <= m; i++) {
        k = order[i]; split(k, p, SUBSEP); c = n[k]; s = p[1] SUBSEP "single"
        r1 = "-"; r2 = "-"
        if (p[2] == "cluster" && (s in n)) {
          r1 = sprintf("%.2f", (rate[k] / c) / (rate[s] / n[s])); r2 = sprintf("%.2f", (cpu[k] / c) / (cpu[s] / n[s])) }
        printf "%-20s %-8s %9.0f %8.0f %8.0f %8.0f %11.2f %9.0f %9.0f %7.0f %13s %12s\n", p[1], p[2], rate[k] / c,
          p50[k] / c, p99[k] / c, p999[k] / c, cpu[k] / c, util[k] / c, load[k] / c, other[k] / c, r1, r2 }
    }' "$TP_TSV"
  awk -F'\t' 'NR > 1 && $11 + 0 > 10 { noisy++ } NR > 1 && $12 + $13 > 0 { bad++ } NR > 1 && $4 == "FAILED" { failed++ }
    END {
      if (failed) printf "warning: %d run(s) FAILED: see their logs\n", failed
      if (noisy) printf "warning: in %d run(s) other processes used over 10%% of a CPU during the window: not a quiet machine\n", noisy
      if (bad) printf "warning: %d run(s) got error answers or lost connections\n", bad }' "$TP_TSV"
}

throughput() {
  TP_TSV=$OUT/throughput.tsv
  printf 'round\tworkload\tsetup\treplies_per_s\tp50_us\tp99_us\tp999_us\tcpu_us_per_reply\tserver_cpu_pct\tload_cpu_pct\tother_cpu_pct\terrors\tcloses\n' > "$TP_TSV"
  local round workload setup order failed=0
  for round in $(seq 1 "$ROUNDS"); do
    order=$SETUPS
    (( round % 2 == 0 )) && order=$(tr ' ' '\n' <<< "$SETUPS" | tac | tr '\n' ' ')
    for workload in $WORKLOADS; do
      [[ $workload =~ ^reqrep-(ws|tcp)-[0-9]+x[0-9]+$ ]] || die "bad workload $workload (reqrep-<ws|tcp>-<C>x<K>)"
      for setup in $order; do
        throughput_run "$round" "$workload" "$setup" || failed=$((failed + 1))
      done
    done
  done
  throughput_summary | tee "$OUT/throughput-summary.txt"
  return "$failed"
}

# ---- (b) node loss ---------------------------------------------------------------------------

LOSS_IDS=(g a b)
declare -A LOSS_SLOT=([g]=4 [a]=5 [b]=6)

loss_start() {  # id
  CPUS=$LOSS_CPUS start_node "$1" "${LOSS_SLOT[$1]}" 1 "$LOSS_JAVA_OPTS" "$OUT/loss.$1.log"
  echo "---- started pid ${PIDS[$1]} at $(date +%T.%N)" >> "$OUT/loss.$1.log"
}

# The cluster is back to the start state: g sees exactly a and b, each running one counter
# instance of its own and no other, and places hellos.
loss_settled() {  # seconds
  local i view expect
  for i in $(seq 1 $(( $1 * 2 ))); do
    view=$(admin_get "${LOSS_SLOT[g]}" /admin/cluster) || { sleep 0.5; continue; }
    expect=$(jq -r '[.nodes[] | {id, i: [.instances[] | (.id | sub("-[0-9]+$"; "-N")) + "@" + .node + "/" + .state]}] | sort_by(.id)
      | map(.id + ":" + (.i | sort | join(","))) | join(" ")' <<< "$view" 2>/dev/null)
    # Instance ids go on counting across restarts (a cluster-wide counter per node): any number.
    if [ "$expect" = "a:counter-a-N@a/active b:counter-b-N@b/active g:" ]; then
      probe_hello "$(port tcp "${LOSS_SLOT[g]}")" counter 30 && return 0
    fi
    sleep 0.5
  done
  echo "cluster not back to a:counter-a-N b:counter-b-N within $1 s; g sees: $expect" >&2
  return 1
}

loss() {
  command -v jq > /dev/null || die "jq not found"
  LOSS_TSV=$OUT/loss.tsv
  printf 'kill\tvictim\tplaced\taffected\trecovered\trecovery_ms\tfirst_ms\tmedian_ms\tmoved_to\tlost\tcloses\terrors\tp99_us\tmax_us\tother_cpu_pct\trestart_s\n' > "$LOSS_TSV"
  local games='[ { "name": "counter", "jar": "'$COUNTER_DIR'/counter-1.0.0.jar", "instances": 1, "capacity": 1000, "snapshotMs": '$SNAPSHOT_MS' } ]'
  local id
  for id in "${LOSS_IDS[@]}"; do
    # g runs no games, but names the counter as its default game, which a gateway must find
    # configured (CONTRACT §5), so it gets the same games list.
    node_conf "$id" "${LOSS_SLOT[$id]}" "$([ "$id" = g ] && echo '["gateway"]' || echo '["games"]')" \
      "$games" "${LOSS_SLOT[g]} ${LOSS_SLOT[a]} ${LOSS_SLOT[b]}" counter
    loss_start "$id"
  done
  for id in "${LOSS_IDS[@]}"; do wait_ready "${PIDS[$id]}" "$OUT/loss.$id.log" 180 || return 1; done
  loss_settled 60 || return 1
  log "loss: cluster g, a, b up; $KILLS kills of the busier games node, budget $LOSS_BUDGET s"
  LOSS_QUIET_WAIT=${LOSS_QUIET_WAIT:-0}
  local started=$SECONDS kill=0 failed=0 line result victim llog s0 s1 l0 l1 b0 b1 w0 w1 restart_at
  while (( kill < KILLS )); do
    if (( SECONDS - started > LOSS_BUDGET )); then
      log "loss: time budget of $LOSS_BUDGET s spent after $kill kills"
      break
    fi
    kill=$((kill + 1))
    llog=$OUT/loss-$kill.load.log
    KILL_LINE=""
    (( LOSS_QUIET_WAIT > 0 )) && QUIET_WAIT=$LOSS_QUIET_WAIT wait_quiet "${PIDS[@]}"
    result=""; s0=0; s1=0; l0=0; l1=0; b0=0; b1=0; w0=""; w1=""
    while IFS= read -r line; do
      echo "$line" >> "$llog"
      case "$line" in
        "WINDOW loss start") ticks_start "${PIDS[@]}"; s0=0; read_ticks "$LOAD_PID"; l0=$TICKS; read_busy; b0=$BUSY; w0=$EPOCHREALTIME ;;
        "WINDOW loss end") ticks_delta; s1=$DELTA; read_ticks "$LOAD_PID"; l1=$TICKS; read_busy; b1=$BUSY; w1=$EPOCHREALTIME ;;
        "killed node "*) KILL_LINE=$line ;;
        "load pid="*) LOAD_PID=${line#load pid=} ;;
        RESULT*) result=$line ;;
      esac
    done < <(timeout 120 taskset -c "$LOAD_CPU" java $LOAD_JAVA_OPTS -jar "$BENCH_JAR" load nodeloss \
               --port "$(port tcp "${LOSS_SLOT[g]}")" --connections "$LOSS_PLAYERS" --think-ms "$THINK_MS" \
               --pids "a=${PIDS[a]},b=${PIDS[b]}" --name "loss-$kill" 2>&1)
    LOAD_PID=""
    victim=$(field victim "$result")
    if [ -z "$result" ] || [ -z "$victim" ]; then
      log "loss: kill $kill: no result, see $llog"
      failed=$((failed + 1))
      break
    fi
    { wait "${PIDS[$victim]}"; } 2>/dev/null
    echo "---- $KILL_LINE (by the load generator)" >> "$OUT/loss.$victim.log"
    unset "PIDS[$victim]"
    local other
    other=$(awk -v hz="$HZ" -v db=$(( b1 - b0 - (s1 - s0) - (l1 - l0) )) -v t0="$w0" -v t1="$w1" \
      'BEGIN { printf "%.0f", (t1 > t0 ? 100 * db / hz / (t1 - t0) : -1) }')
    restart_at=$SECONDS
    case "$RESTART" in
      both)
        local survivor=a
        [ "$victim" = a ] && survivor=b
        stop_node "$survivor"
        echo "---- stopped (SIGTERM) at $(date +%T.%N)" >> "$OUT/loss.$survivor.log"
        loss_start a; loss_start b
        { wait_ready "${PIDS[a]}" "$OUT/loss.a.log" 180 && wait_ready "${PIDS[b]}" "$OUT/loss.b.log" 180 \
          && loss_settled 60; } || { failed=$((failed + 1)); printf '%s\n' "$result" >> "$OUT/loss.results"; break; } ;;
      victim)
        loss_start "$victim"
        wait_ready "${PIDS[$victim]}" "$OUT/loss.$victim.log" 180 || { failed=$((failed + 1)); break; }
        sleep 3 ;;
      *) die "RESTART must be both or victim" ;;
    esac
    printf '%s\n' "$result" >> "$OUT/loss.results"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kill" "$victim" "$(field placed "$result")" \
      "$(field affected "$result")" "$(field recovered "$result")" "$(field recovery_ms "$result")" \
      "$(field first_ms "$result")" "$(field median_ms "$result")" "$(field moved_to "$result")" "$(field lost "$result")" \
      "$(field closes "$result")" "$(field errors "$result")" "$(field loss_p99_us "$result")" "$(field loss_max_us "$result")" \
      "$other" "$(( SECONDS - restart_at ))" | tee -a "$LOSS_TSV" >&2
    [ "$(field recovered "$result")" = "$(field affected "$result")" ] || failed=$((failed + 1))
  done
  loss_summary | tee "$OUT/loss-summary.txt"
  return "$failed"
}

loss_summary() {
  local n
  n=$(( $(wc -l < "$LOSS_TSV") - 1 ))
  echo
  echo "Node loss: $n kill(s) of the games node holding more of $LOSS_PLAYERS players (snapshotMs $SNAPSHOT_MS, restart: $RESTART)"
  echo "kill-to-last-moved ms: p50 $(cut -f6 "$LOSS_TSV" | tail -n +2 | percentile 50)" \
    "p99 $(cut -f6 "$LOSS_TSV" | tail -n +2 | percentile 99) max $(cut -f6 "$LOSS_TSV" | tail -n +2 | percentile 100)" \
    "min $(cut -f6 "$LOSS_TSV" | tail -n +2 | percentile 0);" \
    "kill-to-first-moved ms: p50 $(cut -f7 "$LOSS_TSV" | tail -n +2 | percentile 50)"
  awk -F'\t' 'NR > 1 { aff += $4; rec += $5; lost += $10; closes += $11; if ($12 != "none") errs = errs " kill" $1 ":" $12
      if ($5 != $4) stuck++; other += $15; if ($15 > max) max = $15 }
    END { printf "players affected %d, recovered %d; requests lost %d; connections closed %d; errors:%s\n", aff, rec, lost, closes, errs ? errs : " none"
      if (NR > 1) printf "other processes in the kill windows (%% of one CPU): mean %.0f, max %.0f\n", other / (NR - 1), max
      if (stuck) printf "warning: in %d kill(s) not every affected player got moved\n", stuck }' "$LOSS_TSV"
}

main() {
  local what=${1:-all} failed=0
  [[ $what == all || $what == throughput || $what == loss ]] || die "usage: bench/cluster.sh [throughput|loss|all]"
  mkdir -p "$OUT"
  build_bench
  build_counter
  if [[ $what == all || $what == throughput ]]; then
    throughput || failed=$((failed + $?))
  fi
  if [[ $what == all || $what == loss ]]; then
    loss || failed=$((failed + $?))
  fi
  echo "logs and tables in $OUT"
  [ "$failed" -eq 0 ] || die "$failed run(s) or kill(s) failed"
}

main "$@"
