#!/usr/bin/env bash
# Scale benchmark (bench/README.md, section Scale): SESSIONS concurrent WebSocket sessions on one
# node, each pinging every PING_SECONDS and REQUEST_FRACTION of them sending an echo request a
# second. Prints the ping round trip (p50/p99/max), and the server's memory per session: heap in
# use after a full GC and resident set (VmRSS), both minus the same node's before any session
# connected, divided by SESSIONS; then the classes that grew most per session
# (jcmd GC.class_histogram). Targets: <= 20 KB per session, ping p99 <= 10 ms.
# Environment knobs (defaults in brackets): SESSIONS [50000] SOURCES [one 127.0.0.x per 25000
#   sessions] PING_SECONDS [10] REQUEST_FRACTION [0.01] DURATION [60] WARMUP [20]
#   SERVER_JAVA_OPTS ["-Xmx4g"] LOAD_JAVA_OPTS ["-Xmx4g"] SERVER_CPU [] LOAD_CPU [] (empty: not
#   pinned) NICE [] (e.g. -5: the server and generator run before other processes' work, so the
#   ping latency is the server's, not the wait for a busy machine's CPU) SKIP_BUILD [0]
#   OUT [bench/target/scale/<time>]
set -uo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
cd "$ROOT"

SESSIONS=${SESSIONS:-50000}
PING_SECONDS=${PING_SECONDS:-10}
REQUEST_FRACTION=${REQUEST_FRACTION:-0.01}
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-20}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-"-Xmx4g"}
LOAD_JAVA_OPTS=${LOAD_JAVA_OPTS:-"-Xmx4g"}
SERVER_CPU=${SERVER_CPU-}
LOAD_CPU=${LOAD_CPU-}
NICE=${NICE:-}
PRIORITY=()
[ -n "$NICE" ] && PRIORITY=(nice -n "$NICE")
OUT=${OUT:-$BENCH/target/scale/$(date +%Y%m%d-%H%M%S)}
TCP_PORT=17270 HTTP_PORT=18280 ADMIN_PORT=19290
. "$BENCH/lib.sh"

SERVER_PID="" LOAD_PID=""
trap 'stop_pid "$LOAD_PID"; stop_pid "$SERVER_PID"' EXIT
trap 'exit 130' INT TERM

# Each session is a socket in the server and one in the load generator: both need the files.
want=$(( SESSIONS + 2000 ))
if ! ulimit -n "$want" 2> /dev/null; then
  limit=$(ulimit -Hn)
  ulimit -n "$limit"
  SESSIONS=$(( limit - 2000 ))
  log "cannot raise the open-file limit to $want (hard limit $limit; raise it as root or in limits.conf): running $SESSIONS sessions"
fi
# One source address per 25 000 sessions: each has its own range of ephemeral ports.
SOURCES=${SOURCES:-$(seq -s, -f '127.0.0.%g' 1 $(( (SESSIONS + 24999) / 25000 )))}

build_bench
mkdir -p "$OUT"
require_free_ports $TCP_PORT $HTTP_PORT $ADMIN_PORT
sed -e "s/17070/$TCP_PORT/; s/18080/$HTTP_PORT/; s/19090/$ADMIN_PORT/" \
  -e "s/\"capacity\": 10000/\"capacity\": $(( SESSIONS / 10 + 1000 ))/" "$BENCH/gamebus-bench.json" > "$OUT/node.json"

measure() {  # label: full GC, then heap, RSS and the class histogram
  read -r HEAP_KB HEAP_COMMITTED_KB <<< "$(heap_after_gc_kb "$SERVER_PID")"
  RSS_KB=$(rss_kb "$SERVER_PID")
  jcmd "$SERVER_PID" GC.class_histogram > "$OUT/histogram-$1.txt"
  log "$1: heap after full GC ${HEAP_KB} KB (committed ${HEAP_COMMITTED_KB} KB), RSS ${RSS_KB} KB"
}

pinned "$SERVER_CPU" "${PRIORITY[@]}" java $SERVER_JAVA_OPTS -jar "$GAMEBUS_JAR" --conf "$OUT/node.json" > "$OUT/server.log" 2>&1 &
SERVER_PID=$!
wait_ready "$SERVER_PID" "$OUT/server.log" || exit 1
measure before
HEAP0=$HEAP_KB RSS0=$RSS_KB COMMITTED0=$HEAP_COMMITTED_KB
result=""
while IFS= read -r line; do
  echo "$line" >> "$OUT/load.log"
  case "$line" in
    "load pid="*) LOAD_PID=${line#load pid=} ;;
    connected*) log "$line" ;;
    "WINDOW start") log "measuring $DURATION s"; read_ticks "$SERVER_PID"; s0=$TICKS; read_ticks "$LOAD_PID"; l0=$TICKS
      read_busy; b0=$BUSY w0=$EPOCHREALTIME ;;
    "WINDOW end") read_ticks "$SERVER_PID"; s1=$TICKS; read_ticks "$LOAD_PID"; l1=$TICKS; read_busy; b1=$BUSY w1=$EPOCHREALTIME ;;
    RESULT*) result=$line ;;
    "HOLD start")
      sessions=$(curl -s "http://127.0.0.1:$ADMIN_PORT/metrics" | sed -n 's/^gamebus_sessions \(.*\)/\1/p')
      measure with-sessions
      kill "$LOAD_PID" 2> /dev/null ;;
  esac
done < <(pinned "$LOAD_CPU" "${PRIORITY[@]}" java $LOAD_JAVA_OPTS -jar "$BENCH_JAR" load sessions --transport ws --port "$HTTP_PORT" \
           --sessions "$SESSIONS" --sources "$SOURCES" --ping-seconds "$PING_SECONDS" \
           --request-fraction "$REQUEST_FRACTION" --seconds "$DURATION" --warmup "$WARMUP" --hold 600 --name scale 2>&1)
LOAD_PID=""
[ -n "$result" ] && [ -f "$OUT/histogram-with-sessions.txt" ] || die "the load run failed, see $OUT/load.log"

{
  echo "sessions: $SESSIONS asked, ${sessions:-?} held by the node (gamebus_sessions); sources $SOURCES"
  awk -v n="$SESSIONS" -v h0="$HEAP0" -v h1="$HEAP_KB" -v r0="$RSS0" -v r1="$RSS_KB" -v c0="$COMMITTED0" \
      -v c1="$HEAP_COMMITTED_KB" 'BEGIN {
    printf "heap after full GC: %.0f MB before, %.0f MB with the sessions: %.1f KB per session\n", h0 / 1024, h1 / 1024, (h1 - h0) / n
    printf "resident set:       %.0f MB before, %.0f MB with the sessions: %.1f KB per session\n", r0 / 1024, r1 / 1024, (r1 - r0) / n
    printf "  of which heap committed: %.0f MB before, %.0f MB after: %.1f KB per session\n", c0 / 1024, c1 / 1024, (c1 - c0) / n }'
  echo "ping round trip: p50 $(field p50_us "$result") us, p99 $(field p99_us "$result") us, max $(field max_us "$result") us" \
    "($(field pings "$result") pings in $DURATION s); requests: $(field req_per_s "$result")/s," \
    "p99 $(field req_p99_us "$result") us, errors $(field req_errors "$result"); closes $(field closes "$result")"
  awk -v hz="$HZ" -v s=$(( s1 - s0 )) -v l=$(( l1 - l0 )) -v b=$(( b1 - b0 )) -v w0="$w0" -v w1="$w1" 'BEGIN {
    w = w1 - w0; printf "CPU in the window, %% of one CPU: server %.0f, load generator %.0f, other processes %.0f\n",
      100 * s / hz / w, 100 * l / hz / w, 100 * (b - s - l) / hz / w }'
  echo "what grew per session (bytes, live objects after a full GC):"
  awk -v n="$SESSIONS" '
    FNR == 1 { file++ }
    $1 ~ /^[0-9]+:$/ { if (file == 1) { b0[$4] = $3; c0[$4] = $2 } else { b1[$4] = $3; c1[$4] = $2 } }
    END { for (k in b1) { d = b1[k] - b0[k]; if (d > 0) printf "%10.0f %8.2f  %s\n", d / n, (c1[k] - c0[k]) / n, k } }' \
    "$OUT/histogram-before.txt" "$OUT/histogram-with-sessions.txt" | sort -rn | head -25 \
    | awk 'BEGIN { printf "  %10s %8s  %s\n", "bytes", "objects", "class" } { printf "  %10s %8s  %s\n", $1, $2, $3 }'
} | tee "$OUT/summary.txt"
echo "logs and histograms in $OUT"
