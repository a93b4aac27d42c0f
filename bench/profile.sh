#!/usr/bin/env bash
# Where a gamebus server's CPU goes under one workload: per-thread CPU from /proc/<pid>/task and
# the hottest methods (top frames of JFR execution samples) over the measured window.
# Server pinned to SERVER_CPU, load generator to LOAD_CPU, as in run.sh.
# Environment knobs (defaults in brackets): WORKLOAD [reqrep-ws-1000x1] (run.sh names; a
#   suffix @R paces at R requests/s)  WARMUP [20]  DURATION [10]  TOP [25]
#   GAMEBUS_JAR [target/gamebus.jar]  SERVER_CPU [1]  LOAD_CPU [0]  OUT [bench/target/profile/<time>]
set -uo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
cd "$ROOT"
WORKLOAD=${WORKLOAD:-reqrep-ws-1000x1}
WARMUP=${WARMUP:-20}
DURATION=${DURATION:-10}
TOP=${TOP:-25}
SERVER_CPU=${SERVER_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
JAVA_OPTS=${SERVER_JAVA_OPTS:-"-Xms1g -Xmx1g -Xmn128m"}
OUT=${OUT:-$BENCH/target/profile/$(date +%Y%m%d-%H%M%S)}
. "$BENCH/lib.sh"
mkdir -p "$OUT"
build_bench
SERVER_PID=""
trap 'stop_pid "$SERVER_PID"' EXIT

# Sets TASKS to "tid ticks name" lines, one per thread of a pid.
thread_ticks() {
  local task stat name fields
  TASKS=""
  for task in /proc/"$1"/task/*; do
    read -r stat 2>/dev/null < "$task/stat" || continue
    name=${stat#*(}; name=${name%%)*}
    fields=(${stat##*) })
    TASKS+="${task##*/} $(( fields[11] + fields[12] )) ${name// /_}"$'\n'
  done
}

# Sets SWITCHES to the voluntary context switches of all threads of a pid (a thread that parks
# to wait for work and is woken counts one: a count of the thread hand-offs).
switches() {
  SWITCHES=$(cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { s += $2 } END { print s + 0 }')
}

IFS=- read -r kind transport shape <<< "${WORKLOAD%@*}"
rate=""; [[ $WORKLOAD == *@* ]] && rate="--target-rate ${WORKLOAD#*@}"
port=17070; [ "$transport" = ws ] && port=18080
taskset -c "$SERVER_CPU" java $JAVA_OPTS -XX:StartFlightRecording=name=gb,settings=profile \
  -jar "$GAMEBUS_JAR" --conf bench/gamebus-bench.json > "$OUT/server.log" 2>&1 &
SERVER_PID=$!
wait_ready "$SERVER_PID" "$OUT/server.log" 60 || exit 1
before="" after=""
while IFS= read -r line; do
  echo "$line" >> "$OUT/load.log"
  case "$line" in
    "WINDOW start") thread_ticks "$SERVER_PID"; before=$TASKS; switches "$SERVER_PID"; sw0=$SWITCHES
      jcmd "$SERVER_PID" JFR.stop name=gb > /dev/null
      jcmd "$SERVER_PID" JFR.start name=win settings=profile > /dev/null ;;
    "WINDOW end") thread_ticks "$SERVER_PID"; after=$TASKS; switches "$SERVER_PID"; sw1=$SWITCHES
      jcmd "$SERVER_PID" Thread.print > "$OUT/threads.txt" 2>/dev/null
      jcmd "$SERVER_PID" JFR.dump name=win filename="$OUT/window.jfr" > /dev/null ;;
    RESULT*) echo "$line"; replies=$(field msgs "$line") ;;
  esac
done < <(taskset -c "$LOAD_CPU" java $JAVA_OPTS -jar "$BENCH_JAR" load $kind --transport "$transport" --port $port \
           --connections "${shape%x*}" --inflight "${shape#*x}" $rate --name "$WORKLOAD" \
           --seconds "$DURATION" --warmup "$WARMUP" 2>&1)

awk -v a="${sw0:-0}" -v b="${sw1:-0}" -v n="${replies:-0}" 'BEGIN {
  if (n > 0) printf "voluntary context switches of the server per reply: %.2f\n", (b - a) / n }'
echo
echo "Server CPU by thread over the window (% of the server's CPU time; threads with at least 0.5 %):"
# Full Java thread names by native id (/proc cuts names at 15 characters); game threads and event
# loops are summed per kind below the individual rows.
names=$(sed -n 's/^"\([^"]*\)".* nid=0x\([0-9a-f]*\) .*/\2 \1/p' "$OUT/threads.txt" \
  | while read -r hex name; do echo "$((16#$hex)) ${name// /_}"; done)
awk -v hz="$HZ" 'FILENAME == ARGV[1] { full[$1] = $2; next } FILENAME == ARGV[2] { t0[$1] = $2; next }
  { d = $2 - t0[$1]; n = ($1 in full) ? full[$1] : $3; if (d > 0) { cpu[n] += d; all += d
      if (n ~ /^vert.x-eventloop/) kind["(all event loops)"] += d; if (n ~ /^gamebus-game-/ && n !~ /watchdog/) kind["(all game threads)"] += d } }
  END { for (n in cpu) if (100 * cpu[n] / all >= 0.5) printf "%6.1f %%  %s\n", 100 * cpu[n] / all, n
        for (k in kind) printf "%6.1f %%  %s\n", 100 * kind[k] / all, k; printf "total %.2f s of CPU\n", all / hz }' \
  <(printf '%s\n' "$names") <(printf '%s' "$before") <(printf '%s' "$after") | sort -rn
echo
echo "Hottest methods (top frame of JFR execution samples, % of samples), window only:"
jfr print --events jdk.ExecutionSample --stack-depth 1 "$OUT/window.jfr" \
  | awk '/stackTrace = \[/ { getline; sub(/^ +/, ""); sub(/ +line:.*/, ""); n[$0]++; all++ }
         END { for (m in n) printf "%6.1f %%  %s\n", 100 * n[m] / all, m }' | sort -rn | head -"$TOP"
echo
echo "Hottest threads by JFR samples:"
jfr print --events jdk.ExecutionSample --stack-depth 1 "$OUT/window.jfr" \
  | awk '/sampledThread/ { sub(/.*sampledThread = "/, ""); sub(/".*/, ""); n[$0]++; all++ }
         END { for (t in n) printf "%6.1f %%  %s\n", 100 * n[t] / all, t }' | sort -rn | head -10
