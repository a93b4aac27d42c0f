#!/usr/bin/env bash
# Chaos soak (bench/README.md, "Chaos"): three node processes n1..n3 (gateway + games, the counter
# game, 2 instances each), 300 players over TCP and WebSocket in closed request loops, and a driver
# that, at random (from SEED), crashes and hangs instances, hot-swaps versions (migrate, drain,
# rollbacks), kill -9s n2 or n3 and starts it again under the same id, SIGTERMs one and starts it
# again. n1 is never touched: its admin API is watched for duplicate instance ids every second,
# and its threads, loaded classes and heap are compared at the end with the start.
#   bench/chaos.sh [SECONDS]     default 600 (10 minutes); `bench/chaos.sh 60` is the short variant
# Replay a run: SEED=<seed printed> bench/chaos.sh <same seconds>.
# Every process is started here and stopped by PID. Exits non-zero if any check failed.
# Knobs: SEED [random]  PLAYERS [300]  THINK_MS [50]  SNAPSHOT_MS [200]  BACKUPS [1]
#        FAULT_EVERY [6; 4 for runs of 120 s or less] (mean seconds between faults; the first faults are
#        every kind in a shuffled order, the rest drawn at random)  PORT_BASE [18600] (+1..3, +1000, +2000; Hazelcast 5970+)
#        NODE_JAVA_OPTS ["-Xms256m -Xmx256m"]  LOAD_JAVA_OPTS ["-Xms512m -Xmx512m"]  SKIP_BUILD [0]  OUT
set -uo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
cd "$ROOT"
DURATION=${1:-600}
SEED=${SEED:-$(( RANDOM * 32768 + RANDOM ))}
PLAYERS=${PLAYERS:-300}
THINK_MS=${THINK_MS:-50}
SNAPSHOT_MS=${SNAPSHOT_MS:-200}
BACKUPS=${BACKUPS:-1}
FAULT_EVERY=${FAULT_EVERY:-$(( DURATION > 120 ? 6 : 4 ))}
PORT_BASE=${PORT_BASE:-18600}
HZ_BASE=${HZ_BASE:-5970}
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:-"-Xms256m -Xmx256m"}
LOAD_JAVA_OPTS=${LOAD_JAVA_OPTS:-"-Xms512m -Xmx512m"}
REQUEST_TIMEOUT_MS=5000
OUT=${OUT:-$BENCH/target/chaos/$(date +%Y%m%d-%H%M%S)}
. "$BENCH/lib.sh"
export GAMEBUS_ADMIN_TOKEN=${GAMEBUS_ADMIN_TOKEN:-chaos-$RANDOM$RANDOM}
RANDOM=$SEED
CLUSTER_NAME=chaos-$$-$SEED
NODES=(n1 n2 n3)
declare -A PIDS=() SLOT=([n1]=1 [n2]=2 [n3]=3)
LOAD_PID=""
WATCH_PID=""

cleanup() {
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null
  [ -n "$WATCH_PID" ] && kill "$WATCH_PID" 2>/dev/null
  local id
  for id in "${!PIDS[@]}"; do stop_pid "${PIDS[$id]}"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

tcp_port() { echo $(( PORT_BASE + SLOT[$1] )); }
http_port() { echo $(( PORT_BASE + 1000 + SLOT[$1] )); }
admin_port() { echo $(( PORT_BASE + 2000 + SLOT[$1] )); }
admin() {  # node method path [curl args...]
  local node=$1 method=$2 path=$3; shift 3
  curl -sf --max-time 60 -X "$method" -H "Authorization: Bearer $GAMEBUS_ADMIN_TOKEN" \
    "http://127.0.0.1:$(admin_port "$node")$path" "$@"
}
fault() { echo "$(date +%s%3N) $1 $2" >> "$OUT/faults.log"; log "fault: $1 $2"; }

node_conf() {  # id
  local members="" n
  for n in "${NODES[@]}"; do members+="${members:+, }\"127.0.0.1:$(( HZ_BASE + SLOT[$n] ))\""; done
  cat > "$OUT/$1.json" <<JSON
{ "node": { "id": "$1", "roles": ["gateway", "games"] },
  "gateway": { "host": "127.0.0.1", "tcpPort": $(tcp_port "$1"), "httpPort": $(http_port "$1"),
               "defaultGame": "counter", "requestTimeoutMs": $REQUEST_TIMEOUT_MS, "idleSeconds": 3600,
               "resumeSeconds": 30, "maxMessagesPerSecond": 100000 },
  "admin": { "host": "127.0.0.1", "port": $(admin_port "$1") },
  "cluster": { "name": "$CLUSTER_NAME", "host": "127.0.0.1", "port": $(( HZ_BASE + SLOT[$1] )),
               "members": [$members], "backups": $BACKUPS },
  "supervisor": { "hangMs": 1000 },
  "games": [ { "name": "counter", "jar": "$COUNTER_DIR/counter-1.0.0.jar", "instances": 2, "capacity": 1000,
               "snapshotMs": $SNAPSHOT_MS } ]
}
JSON
}

start_node() {  # id
  require_free_ports "$(tcp_port "$1")" "$(http_port "$1")" "$(admin_port "$1")" "$(( HZ_BASE + SLOT[$1] ))"
  echo "---- start $(date +%T.%N)" >> "$OUT/$1.log"
  # shellcheck disable=SC2086
  java $NODE_JAVA_OPTS $HAZELCAST_OPTS -jar "$GAMEBUS_JAR" --conf "$OUT/$1.json" --cluster >> "$OUT/$1.log" 2>&1 &
  PIDS[$1]=$!
}

# n1's threads, loaded classes and old-generation heap (bytes: what outlives collections), from its /metrics.
jvm_figures() {
  curl -sf --max-time 10 "http://127.0.0.1:$(admin_port n1)/metrics" | awk '
    index($0, "jvm_threads_live_threads ") == 1 { t = $2 }
    index($0, "jvm_classes_loaded_classes ") == 1 { c = $2 }
    index($0, "jvm_memory_used_bytes{area=\"heap\"") == 1 && /Old Gen|Tenured/ { h += $NF }
    END { printf "%.0f %.0f %.0f\n", t, c, h }'
}

# Dumps n1's threads to a file; prints the most common names (numbers stripped) with their counts.
thread_names() {  # file
  jcmd "${PIDS[n1]}" Thread.print > "$1" 2>/dev/null
  grep '^"' "$1" | sed 's/^"\([^"]*\)".*/\1/; s/[-#0-9 ]*$//' | sort | uniq -c | sort -rn | head -8 \
    | awk '{ c = $1; $1 = ""; printf "%s %d,", $0, c }'
}

# Every second: the instance ids n1 lists, checked for one listed twice.
watch_ids() {
  while :; do
    admin n1 GET /admin/games 2>/dev/null | jq -r '[.games[].versions[].instances[].id] | group_by(.)
      | map(select(length > 1) | .[0]) | .[]' 2>/dev/null | while read -r id; do
        echo "$(date +%T.%N) $id listed twice" >> "$OUT/duplicates.log"; done
    sleep 1
  done
}

# A player that makes its instance fail: hello, then a message on route crash or spin, then bye.
sabotage() {  # route body
  local node=${NODES[$(( RANDOM % 3 ))]}
  [ -n "${PIDS[$node]:-}" ] || node=n1
  (
    exec 3<> "/dev/tcp/127.0.0.1/$(tcp_port "$node")" || exit 1
    frame '{"type":"hello","game":"counter","id":1}' >&3
    read -r -t 3 -N 40 _ <&3
    frame '{"type":"msg","route":"'"$1"'","body":'"$2"'}' >&3
    sleep 0.2
    frame '{"type":"bye"}' >&3
  ) 2>/dev/null
}

SWAPS=0
swap() {
  local version=2.0.0 mode=migrate query
  (( SWAPS % 2 == 1 )) && version=1.0.0   # every other swap is a rollback to 1.0.0
  (( SWAPS % 3 == 2 )) && mode=drain
  query="mode=$mode"
  [ "$mode" = drain ] && query+="&drainSeconds=4"
  if admin n1 POST "/admin/games?$query" --data-binary "@$COUNTER_DIR/counter-$version.jar" > /dev/null; then
    fault swap-$mode-$version n1
    SWAPS=$((SWAPS + 1))
  else
    log "swap to $version ($mode) refused or failed; trying again later"
  fi
}

restart_after() {  # id how(kill9|term)
  local id=$1 status
  if [ "$2" = kill9 ]; then
    fault kill9 "$id"; kill -9 "${PIDS[$id]}"; wait "${PIDS[$id]}" 2>/dev/null
  else
    fault term "$id"
    local t0=$SECONDS
    stop_pid "${PIDS[$id]}"
    status=$(( SECONDS - t0 ))
    echo "$id $status" >> "$OUT/term-seconds.log"
    (( status <= 30 )) || echo "$(date +%T) $id took $status s to exit after SIGTERM" >> "$OUT/violations.log"
  fi
  unset "PIDS[$id]"
  sleep $(( 2 + RANDOM % 4 ))
  start_node "$id"
  fault start "$id"
  wait_ready "${PIDS[$id]}" "$OUT/$id.log" 120 || echo "$(date +%T) $id did not start again" >> "$OUT/violations.log"
}

drive() {  # until (SECONDS value)
  local until=$1 victim kinds=(0 1 2 3 4 5) i j t kind
  for (( i = 5; i > 0; i-- )); do j=$(( RANDOM % (i + 1) )); t=${kinds[i]}; kinds[i]=${kinds[j]}; kinds[j]=$t; done
  while (( SECONDS < until )); do
    sleep $(( FAULT_EVERY / 2 + RANDOM % (FAULT_EVERY + 1) ))
    (( SECONDS < until )) || break
    victim=n$(( 2 + RANDOM % 2 ))
    kind=${kinds[0]:-$(( RANDOM % 6 ))}
    kinds=("${kinds[@]:1}")
    case $kind in
      0) sabotage crash '{}'; fault crash any ;;
      1) sabotage spin '{"ms":3000}'; fault hang any ;;
      2) swap ;;
      3) swap ;;
      4) restart_after "$victim" kill9 ;;
      5) restart_after "$victim" term ;;
    esac
  done
}

main() {
  command -v jq > /dev/null || die "jq not found"
  mkdir -p "$OUT"
  : > "$OUT/faults.log"; : > "$OUT/duplicates.log"; : > "$OUT/violations.log"
  log "chaos soak: $DURATION s, seed $SEED, $PLAYERS players; logs in $OUT"
  build_bench
  build_counter
  local id
  for id in "${NODES[@]}"; do node_conf "$id"; start_node "$id"; done
  for id in "${NODES[@]}"; do wait_ready "${PIDS[$id]}" "$OUT/$id.log" 180 || die "node $id did not start"; done
  probe_hello "$(tcp_port n1)" counter 60 || die "no placement"
  local before after
  before=$(jvm_figures)
  thread_names "$OUT/n1-threads-start.txt" > /dev/null
  watch_ids & WATCH_PID=$!
  local gateways=""
  for id in "${NODES[@]}"; do gateways+="${gateways:+,}$id=$(tcp_port "$id"):$(http_port "$id")"; done
  # shellcheck disable=SC2086
  java $LOAD_JAVA_OPTS -jar "$BENCH_JAR" chaos --gateways "$gateways" --connections "$PLAYERS" --seconds "$DURATION" \
    --think-ms "$THINK_MS" --answer-ms $(( REQUEST_TIMEOUT_MS + 1000 )) --seed "$SEED" --faults "$OUT/faults.log" \
    > "$OUT/players.log" 2>&1 &
  LOAD_PID=$!
  local started=$SECONDS
  sleep 5
  drive $(( started + DURATION - 20 ))
  wait "$LOAD_PID"; local players=$?
  LOAD_PID=""
  kill "$WATCH_PID" 2>/dev/null; WATCH_PID=""
  sleep 10 # let the pools that grew during the faults go idle
  after=$(jvm_figures)
  local result
  result=$(grep '^RESULT' "$OUT/players.log")
  read -r t0 c0 h0 <<< "$before"
  read -r t1 c1 h1 <<< "$after"
  local bounds=ok
  (( t1 <= t0 * 3 / 2 + 20 )) || bounds="threads $t0 -> $t1"
  (( c1 <= c0 * 6 / 5 + 2000 )) || bounds="classes $c0 -> $c1"
  (( h1 <= h0 * 3 + 67108864 )) || bounds="heap $h0 -> $h1"
  [ "$bounds" = ok ] || echo "$(date +%T) n1 $bounds" >> "$OUT/violations.log"
  report "$result" "$t0" "$c0" "$h0" "$t1" "$c1" "$h1" "$bounds"
  [ "$players" -eq 0 ] && [ ! -s "$OUT/duplicates.log" ] && [ ! -s "$OUT/violations.log" ] || die "the soak found faults"
}

# The players' RESULT line, one field.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<< "$1"; }

# One check of the report: PASS when its count is 0.
check() {  # what count details
  local verdict=PASS
  [ "${2:-1}" = 0 ] || verdict=FAIL
  printf '  %-4s %-66s %s\n' "$verdict" "$1" "$3"
}

report() {  # result t0 c0 h0 t1 c1 h1 bounds
  local r=$1 answers
  [ -n "$r" ] || die "the players printed no RESULT line, see $OUT/players.log"
  answers=$(( $(field "$r" late) + $(field "$r" late_answers) + $(field "$r" unanswered) + $(field "$r" duplicates) \
    + $(field "$r" unexpected) ))
  echo
  echo "Chaos soak, $DURATION s, seed $SEED (replay: SEED=$SEED bench/chaos.sh $DURATION); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "checks:"
  check "every request answered exactly once within $(( REQUEST_TIMEOUT_MS + 1000 )) ms" "$answers" \
    "late $(field "$r" late), answered late $(field "$r" late_answers), unanswered $(field "$r" unanswered), twice $(field "$r" duplicates), unknown id $(field "$r" unexpected)"
  check "connections closed only by a gateway killed or stopped" "$(field "$r" unexplained_closes)" \
    "$(field "$r" closes) closed, $(field "$r" unexplained_closes) unexplained; closing: $(field "$r" closing)"
  check "no session lost (every closed one resumed; bad_resume counts)" "$(field "$r" sessions_lost)" \
    "$(field "$r" resumed) resumed, $(field "$r" sessions_lost) lost"
  check "no counter went back without a moved" "$(field "$r" went_back_without_move)" \
    "$(field "$r" went_back_without_move); largest step back after a move: $(field "$r" max_back_after_move)"
  check "no instance id listed twice (n1, every second)" "$(wc -l < "$OUT/duplicates.log")" "$(wc -l < "$OUT/duplicates.log") times"
  check "every node exits within 30 s of SIGTERM and starts again" "$(grep -vc ' n1 \(threads\|classes\|heap\) ' "$OUT/violations.log")" \
    "exit after SIGTERM (s): $(cut -d' ' -f2 "$OUT/term-seconds.log" 2>/dev/null | tr '\n' ' ')"
  check "n1's threads, classes and heap within bounds of the start" "$([ "$8" = ok ] && echo 0 || echo 1)" "$8"
  echo "figures:"
  echo "  requests $(field "$r" sent), answered in time $(field "$r" on_time); answer time $(field "$r" p50_ms) ms p50, $(field "$r" p99_ms) ms p99, $(field "$r" max_ms) ms max"
  echo "  errors answered: $(field "$r" errors); moves: $(field "$r" moves); new sessions $(field "$r" new_sessions); load generator stalled at most $(field "$r" load_stall_max_ms) ms"
  echo "  faults: $(awk '{ n[$2]++ } END { for (k in n) printf "%s %d, ", k, n[k] }' "$OUT/faults.log")"
  echo "  n1 at start / end: threads $2 / $5, loaded classes $3 / $6, old-generation heap MB $(( $4 >> 20 )) / $(( $7 >> 20 ))"
  echo "  n1 threads by name at the end: $(thread_names "$OUT/n1-threads-end.txt")"
  [ -s "$OUT/violations.log" ] && cat "$OUT/violations.log"
  grep '^VIOLATION' "$OUT/players.log"
  echo "logs in $OUT"
}

main "$@"
