#!/usr/bin/env bash
# Many game instances on one node (bench/README.md, "Instances per node"): for each count in
# COUNTS, a fresh node runs that many `echo` instances (no players) pinned to SERVER_CPU, and the
# script reports its start time (launch to "ready"), its threads, its idle CPU over IDLE seconds,
# and its resident memory and live heap after a full GC. Per-instance figures are the
# difference to the first (smallest) count, divided by the difference in instances.
# Environment knobs (defaults in brackets): COUNTS ["20 10000"]  IDLE [20] seconds
#   SETTLE [10] seconds between ready and the idle window  GAMEBUS_JAR [target/gamebus.jar]
#   SERVER_CPU [1] (empty: not pinned)  SERVER_JAVA_OPTS ["-Xms1g -Xmx1g -Xmn128m"]
#   PORT_BASE [17670]  OUT [bench/target/instances/<time>]
set -uo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
cd "$ROOT"
COUNTS=${COUNTS:-"20 10000"}
IDLE=${IDLE:-20}
SETTLE=${SETTLE:-10}
SERVER_CPU=${SERVER_CPU-1}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-"-Xms1g -Xmx1g -Xmn128m"}
PORT_BASE=${PORT_BASE:-17670}
OUT=${OUT:-$BENCH/target/instances/$(date +%Y%m%d-%H%M%S)}
. "$BENCH/lib.sh"
mkdir -p "$OUT"
[ -f "$GAMEBUS_JAR" ] || die "missing $GAMEBUS_JAR: build gamebus first (mvn -q -B package -DskipTests)"
SERVER_PID=""
trap 'stop_pid "$SERVER_PID"' EXIT
trap 'exit 130' INT TERM

status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }   # pid key -> kB
heap_used_kb() {  # pid -> used heap in kB after a full GC
  jcmd "$1" GC.run > /dev/null
  # Every generation's "total ..., used N K" line (one for G1, young + old for the serial GC).
  jcmd "$1" GC.heap_info | awk '/ total .* used / { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K.*/, "", v); sum += v } }
    END { print sum + 0 }'
}

printf 'instances\tstart_s\tthreads\tidle_cpu_pct\trss_mb\theap_mb\n' > "$OUT/results.tsv"
for count in $COUNTS; do
  conf="$OUT/gamebus-$count.json"
  cat > "$conf" <<JSON
{ "node": { "id": "many", "roles": ["gateway", "games"] },
  "gateway": { "host": "127.0.0.1", "tcpPort": $PORT_BASE, "httpPort": $((PORT_BASE + 1)), "defaultGame": "echo" },
  "admin": { "host": "127.0.0.1", "port": $((PORT_BASE + 2)) },
  "games": [ { "name": "echo", "instances": $count, "capacity": 10 } ] }
JSON
  log "starting a node with $count instances"
  t0=$EPOCHREALTIME
  ( pinned "$SERVER_CPU" java $SERVER_JAVA_OPTS -jar "$GAMEBUS_JAR" --conf "$conf" > "$OUT/server-$count.log" 2>&1 ) &
  SERVER_PID=$!
  wait_ready "$SERVER_PID" "$OUT/server-$count.log" 600 || { SERVER_PID=""; continue; }
  start=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  sleep "$SETTLE"
  read_ticks "$SERVER_PID"; c0=$TICKS; w0=$EPOCHREALTIME
  sleep "$IDLE"
  read_ticks "$SERVER_PID"; c1=$TICKS; w1=$EPOCHREALTIME
  idle=$(awk -v t=$((c1 - c0)) -v hz="$HZ" -v a="$w0" -v b="$w1" 'BEGIN { printf "%.1f", 100 * t / hz / (b - a) }')
  threads=$(status_kb "$SERVER_PID" Threads)
  heap=$(heap_used_kb "$SERVER_PID")
  rss=$(status_kb "$SERVER_PID" VmRSS)
  printf '%s\t%s\t%s\t%s\t%.1f\t%.1f\n' "$count" "$start" "$threads" "$idle" "$(echo "$rss / 1024" | bc -l)" \
    "$(echo "${heap:-0} / 1024" | bc -l)" | tee -a "$OUT/results.tsv"
  stop_pid "$SERVER_PID"
  SERVER_PID=""
done
echo
column -t "$OUT/results.tsv"
awk -F'\t' 'NR == 2 { n0 = $1; r0 = $5; h0 = $6 } NR > 2 && $1 > n0 {
  printf "per instance from %d to %d: %.1f KB resident, %.1f KB live heap\n", n0, $1, 1024 * ($5 - r0) / ($1 - n0), 1024 * ($6 - h0) / ($1 - n0) }' \
  "$OUT/results.tsv"
