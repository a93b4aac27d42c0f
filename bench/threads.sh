#!/usr/bin/env bash
# Where a node's CPU goes, thread by thread (bench/README.md, section Threads): a gamebus node
# NOT pinned (it may use every CPU) under CONNECTIONS connections x INFLIGHT echo requests,
# closed loop; per-thread CPU from /proc/<pid>/task/*/stat over the measured window. Alternates
# the node with one gateway verticle (gateway.eventLoops 1, the design before issue 10) and with
# the default (one per event loop). Target: no server thread above 35 % of the server's CPU.
# Environment knobs (defaults in brackets): LOOPS ["1 default"] ROUNDS [1] TRANSPORT [ws]
#   CONNECTIONS [1000] INFLIGHT [1] DURATION [10] WARMUP [20] LOAD_CPU [] (empty: not pinned)
#   SERVER_JAVA_OPTS ["-Xms1g -Xmx1g -Xmn128m"] LOAD_JAVA_OPTS [same] SKIP_BUILD [0]
#   OUT [bench/target/threads/<time>]
set -uo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
cd "$ROOT"

LOOPS=${LOOPS:-"1 default"}
ROUNDS=${ROUNDS:-1}
TRANSPORT=${TRANSPORT:-ws}
CONNECTIONS=${CONNECTIONS:-1000}
INFLIGHT=${INFLIGHT:-1}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-20}
LOAD_CPU=${LOAD_CPU-}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-"-Xms1g -Xmx1g -Xmn128m"}
LOAD_JAVA_OPTS=${LOAD_JAVA_OPTS:-"-Xms1g -Xmx1g -Xmn128m"}
OUT=${OUT:-$BENCH/target/threads/$(date +%Y%m%d-%H%M%S)}
# Ports of their own, so this runs next to run.sh.
TCP_PORT=17170 HTTP_PORT=18180 ADMIN_PORT=19190
. "$BENCH/lib.sh"

SERVER_PID=""
trap 'stop_pid "$SERVER_PID"' EXIT
trap 'exit 130' INT TERM

build_bench
mkdir -p "$OUT"
require_free_ports $TCP_PORT $HTTP_PORT $ADMIN_PORT

conf() {  # eventLoops|default -> config file
  local file=$OUT/node-$1.json loops=""
  [ "$1" = default ] || loops="\"eventLoops\": $1, "
  sed -e "s/\"gateway\": {/\"gateway\": { $loops/" -e "s/17070/$TCP_PORT/; s/18080/$HTTP_PORT/; s/19090/$ADMIN_PORT/" \
    "$BENCH/gamebus-bench.json" > "$file"
  echo "$file"
}

one_run() {  # round loops
  local tag="$1-loops-$2" line result="" port
  [ "$TRANSPORT" = tcp ] && port=$TCP_PORT || port=$HTTP_PORT
  java $SERVER_JAVA_OPTS -jar "$GAMEBUS_JAR" --conf "$(conf "$2")" > "$OUT/$tag.server.log" 2>&1 &
  SERVER_PID=$!
  wait_ready "$SERVER_PID" "$OUT/$tag.server.log" || { SERVER_PID=""; return 1; }
  while IFS= read -r line; do
    echo "$line" >> "$OUT/$tag.load.log"
    case "$line" in
      "WINDOW start") thread_ticks "$SERVER_PID" "$OUT/$tag.t0"; read_ticks "$SERVER_PID"; local s0=$TICKS w0=$EPOCHREALTIME ;;
      "WINDOW end") thread_ticks "$SERVER_PID" "$OUT/$tag.t1"; read_ticks "$SERVER_PID"; local s1=$TICKS w1=$EPOCHREALTIME
        java_thread_names "$SERVER_PID" "$OUT/$tag.names" ;;
      RESULT*) result=$line ;;
    esac
  done < <(pinned "$LOAD_CPU" java $LOAD_JAVA_OPTS -jar "$BENCH_JAR" load reqrep --transport "$TRANSPORT" \
             --port "$port" --connections "$CONNECTIONS" --inflight "$INFLIGHT" --seconds "$DURATION" \
             --warmup "$WARMUP" --name "threads-$2" 2>&1)
  stop_pid "$SERVER_PID"; SERVER_PID=""
  [ -n "$result" ] && [ -f "$OUT/$tag.t1" ] || { echo "round $1, eventLoops $2: FAILED, see $OUT/$tag.*.log"; return 1; }
  echo
  awk -v l="$2" -v r="$1" -v ds=$(( s1 - s0 )) -v hz="$HZ" -v w0="$w0" -v w1="$w1" \
    -v rate="$(field msgs_per_s "$result")" -v p99="$(field p99_us "$result")" 'BEGIN {
      printf "round %s, gateway.eventLoops %s: %d replies/s, p99 %d us, server CPU %.0f%% of one CPU\n",
        r, l, rate, p99, 100 * ds / hz / (w1 - w0) }'
  thread_table "$OUT/$tag.t0" "$OUT/$tag.t1" 12 "$OUT/$tag.names"
  echo "  busiest thread: ${MAX_SHARE}% of the server's CPU (target <= 35%)"
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$(field msgs_per_s "$result")" "$(field p99_us "$result")" "$MAX_SHARE" >> "$OUT/results.tsv"
}

printf 'round\teventLoops\tmsgs_per_s\tp99_us\tbusiest_thread_pct\n' > "$OUT/results.tsv"
log "other processes: waiting for a quiet moment first"
wait_quiet
echo "other processes used ${QUIET_SEEN}% of a CPU just before the first run"
for round in $(seq 1 "$ROUNDS"); do
  order=$LOOPS
  (( round % 2 == 0 )) && order=$(tr ' ' '\n' <<< "$LOOPS" | tac | tr '\n' ' ')
  for loops in $order; do
    one_run "$round" "$loops"
  done
done | tee "$OUT/summary.txt"
echo "logs, per-thread snapshots and results.tsv in $OUT"
