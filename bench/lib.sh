# Shared by the bench scripts (sourced, not run). Expects BENCH, ROOT, OUT.

HZ=$(getconf CLK_TCK)
BENCH_JAR=$BENCH/target/gamebus-bench.jar
GAMEBUS_JAR=${GAMEBUS_JAR:-$ROOT/target/gamebus.jar}
COUNTER_DIR=$BENCH/target/counter
# What Hazelcast needs on Java 17 (the jar's manifest carries the opens too; explicit is harmless).
HAZELCAST_OPTS="--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.management/sun.management=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"

die() { echo "$(basename "$0"): $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
# Runs a command on a CPU (or anywhere if empty) by exec: call it only in a subshell (&, a pipe),
# so that $! of a background call is the java process itself.
pinned() { local cpu=$1; shift; if [ -n "$cpu" ]; then exec taskset -c "$cpu" "$@"; else exec "$@"; fi; }

# Sets TICKS to utime+stime (clock ticks, all threads) of a pid, 0 if it is gone.
read_ticks() {
  local stat
  if ! read -r stat 2>/dev/null < "/proc/$1/stat"; then TICKS=0; return; fi
  stat=${stat##*) }
  local fields=($stat)
  TICKS=$(( fields[11] + fields[12] ))
}

# Sets BUSY to the busy ticks of the whole machine (all CPUs).
read_busy() {
  local cpu user nice system idle iowait rest
  read -r cpu user nice system idle iowait rest < /proc/stat
  local others=($rest)
  BUSY=$(( user + nice + system + others[0] + others[1] + others[2] ))
}

# Value of key=... in a RESULT line.
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< " $2"; }

# Builds the bench jar (unless SKIP_BUILD=1) and checks the gamebus jar.
build_bench() {
  command -v taskset > /dev/null || die "taskset not found (util-linux)"
  [ -f "$GAMEBUS_JAR" ] || die "missing $GAMEBUS_JAR: build gamebus first (cd $ROOT && mvn -q -B package -DskipTests)"
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    mkdir -p "$BENCH/target"
    (cd "$BENCH" && mvn -q -B package > "$BENCH/target/build.log" 2>&1) \
      || die "building the bench jar failed, see $BENCH/target/build.log"
  fi
  [ -f "$BENCH_JAR" ] || die "missing $BENCH_JAR"
}

# Compiles the tests' counter game (src/test/java/io/gamebus/testing/games/Counter.java, one source
# for the tests and the bench) against the gamebus jar and packages it twice:
# $COUNTER_DIR/counter-1.0.0.jar and counter-2.0.0.jar (the same class, two Gamebus-Version).
build_counter() {
  rm -rf "$COUNTER_DIR"
  mkdir -p "$COUNTER_DIR/classes"
  # -classfile: the shaded jar lacks the Vert.x codegen annotations its classes mention.
  javac --release 17 -Xlint:all,-classfile -Werror -cp "$GAMEBUS_JAR" -d "$COUNTER_DIR/classes" \
    "$ROOT"/src/test/java/io/gamebus/testing/games/Counter.java > "$COUNTER_DIR/javac.log" 2>&1 \
    || { cat "$COUNTER_DIR/javac.log" >&2; die "compiling the counter game failed"; }
  local v
  for v in 1.0.0 2.0.0; do
    printf 'Gamebus-Game: counter\nGamebus-Version: %s\nGamebus-Class: io.gamebus.testing.games.Counter\n' "$v" \
      > "$COUNTER_DIR/MANIFEST-$v.MF"
    jar --create --file "$COUNTER_DIR/counter-$v.jar" --manifest "$COUNTER_DIR/MANIFEST-$v.MF" \
      -C "$COUNTER_DIR/classes" . || die "packaging counter $v failed"
  done
}

# Waits until a node's log says it is ready; fails if it exits or takes over $3 s (default 120).
# A log a node was started again into counts only after its last "---- start..." line.
wait_ready() {  # pid logfile [seconds]
  local limit=$(( ${3:-120} * 5 ))
  for _ in $(seq 1 "$limit"); do
    awk '/^---- start/ { r = 0 } /gamebus node .* ready/ { r = 1 } END { exit !r }' "$2" 2>/dev/null && return 0
    kill -0 "$1" 2>/dev/null || { echo "node pid $1 exited before ready, see $2:" >&2; tail -20 "$2" >&2; return 1; }
    sleep 0.2
  done
  echo "node pid $1 not ready within ${3:-120} s, see $2" >&2
  return 1
}

# When the script exits, stops the load generator (LOAD_PID) and the server (SERVER_PID), by PID.
stop_on_exit() {
  SERVER_PID=""
  LOAD_PID=""
  trap '[ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null; stop_pid "$SERVER_PID"' EXIT
  trap 'exit 130' INT TERM
}

# SIGTERM (gamebus drains), a bounded wait, then SIGKILL; by PID only.
stop_pid() {  # pid
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null
  for _ in $(seq 1 100); do
    kill -0 "$1" 2>/dev/null || break
    sleep 0.2
  done
  kill -9 "$1" 2>/dev/null
  wait "$1" 2>/dev/null
  return 0
}

# Median of numbers on stdin (one per line; non-numbers skipped).
median() {
  awk '$1 ~ /^-?[0-9.]+$/ { v[n++] = $1 } END {
    if (n == 0) { print "-"; exit }
    for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    if (n % 2) print v[(n - 1) / 2]; else printf "%.1f\n", (v[n / 2 - 1] + v[n / 2]) / 2 }'
}

# Percentile (nearest rank) of numbers on stdin.
percentile() {  # p
  awk -v p="$1" '$1 ~ /^-?[0-9.]+$/ { v[n++] = $1 } END {
    if (n == 0) { print "-"; exit }
    for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    r = int(p / 100 * n + 0.999999); if (r < 1) r = 1; if (r > n) r = n; print v[r - 1] }'
}

# Fails loudly if something (another engineer's server?) already listens on one of these ports.
require_free_ports() {  # port...
  local p
  for p in "$@"; do
    if (exec 3<> "/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      die "port $p on 127.0.0.1 is in use by another process; choose other ports (see the script's knobs)"
    fi
  done
}

# Before a measurement: waits (at most QUIET_WAIT s, default 120) until processes other than the
# given pids use at most QUIET_PCT % of one CPU (default 25) over 3 s; then runs anyway, saying so.
# Sets QUIET_SEEN to the last share measured.
wait_quiet() {  # [pid...]
  local limit=${QUIET_WAIT:-120} threshold=${QUIET_PCT:-25} deadline b0 b1 t0 t1 pid
  deadline=$(( SECONDS + limit ))
  while :; do
    t0=0; for pid in "$@"; do read_ticks "$pid"; t0=$(( t0 + TICKS )); done
    read_busy; b0=$BUSY
    sleep 3
    t1=0; for pid in "$@"; do read_ticks "$pid"; t1=$(( t1 + TICKS )); done
    read_busy; b1=$BUSY
    QUIET_SEEN=$(( (b1 - b0 - (t1 - t0)) * 100 / HZ / 3 ))
    (( QUIET_SEEN <= threshold )) && return 0
    if (( SECONDS >= deadline )); then
      log "other processes still use ${QUIET_SEEN}% of a CPU after ${limit} s of waiting: measuring anyway"
      return 0
    fi
    log "other processes use ${QUIET_SEEN}% of a CPU; waiting for a quieter moment (up to ${limit} s)"
  done
}

# CPU ticks of a set of pids between two points, robust to a pid dying in between (counts 0 after).
declare -A TSTART=()
ticks_start() {  # pid...
  TSTART=()
  local pid
  for pid in "$@"; do read_ticks "$pid"; TSTART[$pid]=$TICKS; done
}
ticks_delta() {  # sets DELTA
  local pid d
  DELTA=0
  for pid in "${!TSTART[@]}"; do
    read_ticks "$pid"; d=$(( TICKS - TSTART[$pid] ))
    (( d > 0 )) && DELTA=$(( DELTA + d ))
  done
}

# Writes one line per thread of a pid: "tid ticks name" (utime+stime; the name may hold spaces).
thread_ticks() {  # pid file
  local task line name rest
  : > "$2"
  for task in /proc/"$1"/task/*; do
    read -r line 2>/dev/null < "$task/stat" || continue
    name=${line#*(}; name=${name%)*}
    rest=${line##*) }
    local f=($rest)
    echo "${task##*/} $(( f[11] + f[12] )) $name" >> "$2"
  done
}

# Writes "tid java-name" for every Java thread of a pid (the kernel keeps only 15 characters).
java_thread_names() {  # pid file
  jcmd "$1" Thread.print 2>/dev/null | sed -n 's/^"\([^"]*\)".* nid=0x\([0-9a-f]*\).*/\2 \1/p' \
    | while read -r nid name; do echo "$(( 16#$nid )) $name"; done > "$2"
}

# The busiest threads between two thread_ticks files, as a share of the whole process's CPU in
# that time; then the share by kind of thread. Sets MAX_SHARE (the busiest thread's %, integer).
# Java thread names come from a java_thread_names file when given.
thread_table() {  # start-file end-file [rows, default 12] [names-file]
  local table names=${4:-/dev/null}
  table=$(awk -v rows="${3:-12}" -v hz="$HZ" '
    FILENAME == ARGV[1] { java[$1] = substr($0, length($1) + 2); next }
    FILENAME == ARGV[2] { start[$1] = $2; next }
    { tid = $1; d = $2 - (tid in start ? start[tid] : 0); $1 = ""; $2 = ""; name = substr($0, 3)
      if (tid in java) name = java[tid]
      delta[tid] = d; names[tid] = name; total += d }
    END {
      if (total <= 0) { print "MAX 0"; exit }
      n = 0; for (t in delta) order[++n] = t
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (delta[order[j]] > delta[order[i]]) { x = order[i]; order[i] = order[j]; order[j] = x }
      printf "  %-32s %8s %8s\n", "thread", "cpu_s", "share%"
      for (i = 1; i <= n && i <= rows; i++) { t = order[i]; if (delta[t] == 0) break
        printf "  %-32s %8.2f %8.1f\n", names[t], delta[t] / hz, 100 * delta[t] / total }
      for (t in delta) {
        k = names[t]
        if (k ~ /eventloo/) k = "event loops"; else if (k ~ /acceptor/) k = "acceptor"
        else if (k ~ /gamebus-game/) k = "game threads"; else if (k ~ /GC|G1|Conc|Refine/) k = "GC"
        else if (k ~ /Compiler/) k = "JIT"; else k = "other"
        kinds[k] += delta[t]
      }
      printf "  by kind:"; for (k in kinds) if (kinds[k] > 0) printf " %s %.1f%%,", k, 100 * kinds[k] / total; printf "\n"
      printf "MAX %d\n", 100 * delta[order[1]] / total }' "$names" "$1" "$2")
  MAX_SHARE=$(sed -n 's/^MAX //p' <<< "$table")
  grep -v '^MAX ' <<< "$table"
}

# Resident set of a pid, KB.
rss_kb() {  # pid
  awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"
}

# Heap in use right after a full collection, and the heap's committed size, KB (jcmd; the
# JVM's own numbers): prints "used committed".
heap_after_gc_kb() {  # pid
  jcmd "$1" GC.run > /dev/null || return 1
  jcmd "$1" GC.heap_info | sed -n 's/.*heap *total \([0-9]*\)K, used \([0-9]*\)K.*/\2 \1/p' | head -1
}

# One protocol frame on stdout: 4-byte big-endian length, then the (ASCII) JSON.
frame() {  # json
  local n=${#1}
  printf "\\x$(printf %02x $(( n >> 24 & 255 )))\\x$(printf %02x $(( n >> 16 & 255 )))\\x$(printf %02x $(( n >> 8 & 255 )))\\x$(printf %02x $(( n & 255 )))%s" "$1"
}

# Waits until a gateway places a hello of `game` (its directory knows the instances): one
# hello over TCP, welcome or not, then bye; again every half second.
probe_hello() {  # tcp-port game [seconds]
  local i answer=""
  for i in $(seq 1 $(( ${3:-60} * 2 ))); do
    answer=$(
      exec 3<> "/dev/tcp/127.0.0.1/$1" || exit 1
      frame '{"type":"hello","game":"'"$2"'","id":1}' >&3
      read -r -t 3 -N 60 reply <&3
      frame '{"type":"bye"}' >&3
      echo "$reply" 2>/dev/null) 2>/dev/null
    [[ $answer == *'"welcome"'* ]] && return 0
    sleep 0.5
  done
  echo "no welcome for game $2 on port $1 within ${3:-60} s (last answer: $answer)" >&2
  return 1
}
