#!/usr/bin/env bash
# Supervision benchmark (bench/README.md, section Supervision): PLAYERS connections on the one
# instance of the crashtest game (bench/crash-game); CRASHES rounds where the game throws, then
# HANGS rounds where it loops; each round's figure is the time until every player got `moved`.
# Probe connections on the echo game measure the other instances' latency meanwhile.
# Environment knobs (defaults in brackets): PLAYERS [1000] WARMUP [20] CRASHES [100] HANGS [10]
#   TRANSPORT [tcp] GAP_MS [1200] SERVER_CPU [1] LOAD_CPU [0] (empty: no pinning)
#   SERVER_JAVA_OPTS ["-Xms1g -Xmx1g"] LOAD_JAVA_OPTS [same] SKIP_BUILD [0]
#   OUT [bench/target/supervision/<time>]
set -uo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
cd "$ROOT"

PLAYERS=${PLAYERS:-1000}
WARMUP=${WARMUP:-20}
CRASHES=${CRASHES:-100}
HANGS=${HANGS:-10}
TRANSPORT=${TRANSPORT:-tcp}
GAP_MS=${GAP_MS:-1200}
SERVER_CPU=${SERVER_CPU-1}
LOAD_CPU=${LOAD_CPU-0}
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-"-Xms1g -Xmx1g"}
LOAD_JAVA_OPTS=${LOAD_JAVA_OPTS:-"-Xms1g -Xmx1g"}
OUT=${OUT:-$BENCH/target/supervision/$(date +%Y%m%d-%H%M%S)}
SERVER_PID=""

. "$BENCH/lib.sh"

stop_server() {
  stop_pid "$SERVER_PID"
  SERVER_PID=""
}
trap stop_server EXIT
trap 'exit 130' INT TERM

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  mkdir -p "$BENCH/target"
  [ -f target/gamebus.jar ] || mvn -q -B package -DskipTests > "$BENCH/target/build.log" 2>&1 \
    || die "building gamebus failed, see $BENCH/target/build.log"
  (cd "$BENCH/crash-game" && mvn -q -B package) > "$BENCH/target/build.log" 2>&1 \
    || die "building the crash-test game failed, see $BENCH/target/build.log"
  (cd "$BENCH" && mvn -q -B package) > "$BENCH/target/build.log" 2>&1 \
    || die "building the bench jar failed, see $BENCH/target/build.log"
fi
mkdir -p "$OUT"

for port in 17471 18471 19471; do   # bench/supervision.json
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && die "port $port is taken: stop what listens there"
done
pinned "$SERVER_CPU" java $SERVER_JAVA_OPTS -jar target/gamebus.jar --conf bench/supervision.json > "$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
  grep -q 'gamebus node .* ready' "$OUT/server.log" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited, see $OUT/server.log"
  sleep 0.2
done
grep -q 'gamebus node .* ready' "$OUT/server.log" || die "the server was not ready within 60 s, see $OUT/server.log"

pinned "$LOAD_CPU" java $LOAD_JAVA_OPTS -jar "$BENCH/target/gamebus-bench.jar" supervision --transport "$TRANSPORT" \
  --players "$PLAYERS" --warmup-rounds "$WARMUP" --crashes "$CRASHES" --hangs "$HANGS" --gap-ms "$GAP_MS" 2>&1 | tee "$OUT/load.log"
status=${PIPESTATUS[0]}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); logs in $OUT"
exit "$status"
