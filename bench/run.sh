#!/usr/bin/env bash
# A/B benchmark of gamebus against a raw Vert.x server speaking the same protocol.
# Each run: start the server under test pinned to one CPU, the load generator pinned to
# another, read the server's CPU time from /proc/<pid>/stat at the start and end of the
# measured window, stop the server. Servers alternate within each workload, and which one
# goes first alternates between rounds, so slow drift of the machine hits both alike.
# See bench/README.md for the figures. Environment knobs (defaults in brackets):
#   ROUNDS [2]  DURATION [10] measured seconds  WARMUP [20] seconds
#   SERVERS ["raw gamebus"]  WORKLOADS [all five, see below; NAME@R paces NAME at R requests/s]  HALF [0]: 1 adds, after each
#   reqrep run, a run at half the measured rate (open loop) for p99 at moderate load
#   SERVER_CPU [1]  LOAD_CPU [0]  SERVER_JAVA_OPTS ["-Xms1g -Xmx1g -Xmn128m"]  LOAD_JAVA_OPTS [same]
#   SKIP_BUILD [0]  OUT [bench/target/runs/<time>]  GAMEBUS_JAR [target/gamebus.jar]
set -uo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
cd "$ROOT"

ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-10}
# gamebus has more code to compile than the raw echo: at 5 s its JIT threads still took a sixth
# of the server CPU, which the window charged to every message.
WARMUP=${WARMUP:-20}
SERVERS=${SERVERS:-"raw gamebus"}
WORKLOADS=${WORKLOADS:-"reqrep-ws-100x4 reqrep-tcp-100x4 reqrep-ws-1000x1 reqrep-tcp-1000x1 fanout-ws-20x100"}
HALF=${HALF:-0}
SERVER_CPU=${SERVER_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
# A modest young generation puts the first, slow collections (they touch fresh memory and
# promote what the connections keep) into the warm-up; AlwaysPreTouch instead costs ~5 s a start.
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS:-"-Xms1g -Xmx1g -Xmn128m"}
LOAD_JAVA_OPTS=${LOAD_JAVA_OPTS:-"-Xms1g -Xmx1g -Xmn128m"}
OUT=${OUT:-$BENCH/target/runs/$(date +%Y%m%d-%H%M%S)}
GAMEBUS_JAR=${GAMEBUS_JAR:-target/gamebus.jar}
. "$BENCH/lib.sh"
FANOUT_RATE=20

SERVER_PID=""
LOAD_PID=""


stop_server() {
  stop_pid "$SERVER_PID"   # gamebus drains on SIGTERM; a bounded while, then SIGKILL
  SERVER_PID=""
}

stop_load() {
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null
  LOAD_PID=""
}

# The load run's `read` is interrupted by a trapped signal, so Ctrl-C acts at once.
trap 'stop_load; stop_server' EXIT
trap 'exit 130' INT TERM




ports() {  # server transport -> port
  case "$1-$2" in
    raw-ws) echo 28080 ;; raw-tcp) echo 27070 ;;
    gamebus-ws) echo 18080 ;; gamebus-tcp) echo 17070 ;;
  esac
}

start_server() {  # server logfile
  local ready
  case "$1" in
    raw)
      taskset -c "$SERVER_CPU" java $SERVER_JAVA_OPTS -jar "$BENCH_JAR" raw-echo \
        --tcp-port 27070 --http-port 28080 --room-size 100 > "$2" 2>&1 &
      ready='raw-echo ready' ;;
    gamebus)
      taskset -c "$SERVER_CPU" java $SERVER_JAVA_OPTS -jar "$GAMEBUS_JAR" \
        --conf bench/gamebus-bench.json > "$2" 2>&1 &
      ready='gamebus node .* ready' ;;
  esac
  SERVER_PID=$!   # taskset execs java, so this is the server's own pid
  for _ in $(seq 1 300); do   # at most 60 s
    grep -q "$ready" "$2" 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server $1 exited, see $2" >&2; SERVER_PID=""; return 1; }
    sleep 0.2
  done
  echo "server $1 not ready within 60 s, see $2" >&2
  stop_server
  return 1
}

# Runs the load generator, sampling CPU at its WINDOW markers; appends one row to $TSV and
# sets ROW. Runs in the main shell (no $(...)), so signal traps are not deferred.
run_load() {  # round workload server logfile load-args...
  local round=$1 workload=$2 server=$3 log=$4
  shift 4
  local line s0=0 s1=0 l0=0 l1=0 b0=0 b1=0 w0="" w1="" result=""
  while IFS= read -r line; do
    echo "$line" >> "$log"
    case "$line" in
      "WINDOW start")
        read_ticks "$SERVER_PID"; s0=$TICKS; read_ticks "$LOAD_PID"; l0=$TICKS; read_busy; b0=$BUSY
        w0=$EPOCHREALTIME ;;
      "WINDOW end")
        read_ticks "$SERVER_PID"; s1=$TICKS; read_ticks "$LOAD_PID"; l1=$TICKS; read_busy; b1=$BUSY
        w1=$EPOCHREALTIME ;;
      "load pid="*) LOAD_PID=${line#load pid=} ;;
      RESULT*) result=$line ;;
    esac
  done < <(timeout $(( WARMUP + DURATION + 180 )) taskset -c "$LOAD_CPU" \
             java $LOAD_JAVA_OPTS -jar "$BENCH_JAR" load "$@" \
             --seconds "$DURATION" --warmup "$WARMUP" 2>&1)
  LOAD_PID=""
  if [ -z "$result" ] || [ -z "$w1" ]; then
    failed_row "$round" "$workload" "$server"
    return 1
  fi
  local msgs
  msgs=$(field msgs "$result")
  ROW=$(awk -v r="$round" -v w="$workload" -v s="$server" -v hz="$HZ" -v msgs="$msgs" \
      -v rate="$(field msgs_per_s "$result")" -v p50="$(field p50_us "$result")" \
      -v p99="$(field p99_us "$result")" -v p999="$(field p999_us "$result")" \
      -v err="$(field errors "$result")" -v behind="$(field behind "$result")" -v closes="$(field closes "$result")" -v ds=$(( s1 - s0 )) -v dl=$(( l1 - l0 )) \
      -v oth=$(( b1 - b0 - (s1 - s0) - (l1 - l0) )) \
      -v w0="$w0" -v w1="$w1" 'BEGIN {
        wall = w1 - w0; cpu = ds / hz
        printf "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%.2f\t%.0f\t%.0f\t%.0f\t%d\t%d\t%d\n", r, w, s, rate, p50, p99, p999,
          (msgs > 0 ? cpu * 1e6 / msgs : 0), 100 * cpu / wall, 100 * dl / hz / wall, 100 * oth / hz / wall, err,
          behind, closes }')
  printf '%s\n' "$ROW" | tee -a "$TSV"
}

failed_row() {  # round workload server
  ROW=$(printf '%s\t%s\t%s\tFAILED\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-' "$@")
  printf '%s\n' "$ROW" | tee -a "$TSV"
}

# Arguments of the load generator for a workload name such as reqrep-ws-100x4; a suffix @R
# (reqrep-ws-1000x1@20000) paces it at R requests/s in total, for latency at a fixed rate.
load_args() {  # workload server
  local kind transport shape rate=""
  [[ $1 == *@* ]] && rate="--target-rate ${1#*@}"
  IFS=- read -r kind transport shape <<< "${1%@*}"
  local a=${shape%x*} b=${shape#*x} port
  port=$(ports "$2" "$transport")
  case "$kind" in
    reqrep) echo "reqrep --transport $transport --port $port --connections $a --inflight $b --name $1 $rate" ;;
    fanout) echo "fanout --transport $transport --port $port --rooms $a --players $b --rate $FANOUT_RATE --name $1" ;;
    *) die "unknown workload $1" ;;
  esac
}

one_run() {  # round workload server
  local round=$1 workload=$2 server=$3 tag="$1-$2-$3"
  if ! start_server "$server" "$OUT/$tag.server.log"; then
    failed_row "$round" "$workload" "$server"
    return
  fi
  # shellcheck disable=SC2046  # load_args is a word list on purpose
  run_load "$round" "$workload" "$server" "$OUT/$tag.load.log" $(load_args "$workload" "$server")
  local peak
  peak=$(cut -f4 <<< "$ROW")
  if [ "$HALF" = 1 ] && [[ $workload == reqrep-* ]] && [[ $peak =~ ^[0-9]+$ ]] && [ "$peak" -gt 0 ]; then
    # shellcheck disable=SC2046
    run_load "$round" "$workload@50%" "$server" "$OUT/$tag-half.load.log" \
      $(load_args "$workload" "$server") --target-rate $(( peak / 2 ))
  fi
  stop_server
}

summary() {
  echo
  echo "Means over rounds (CPU µs/msg: server CPU time in the window / replies or deliveries):"
  awk -F'\t' 'NR > 1 && $4 != "FAILED" {
      k = $2 SUBSEP $3; if (!(k in n)) order[++m] = k
      n[k]++; rate[k] += $4; p50[k] += $5; p99[k] += $6; p999[k] += $7; cpu[k] += $8; util[k] += $9; load[k] += $10; other[k] += $11 }
    END {
      printf "%-22s %-8s %10s %8s %8s %8s %10s %8s %9s %6s %6s\n", "workload", "server", "msgs/s",
        "p50_us", "p99_us", "p999_us", "cpu_us/msg", "srv_cpu%", "load_cpu%", "other%", "gb/raw"
      for (i = 1; i <= m; i++) {
        k = order[i]; split(k, p, SUBSEP); c = n[k]
        ratio = "-"
        if (p[2] == "gamebus" && (p[1] SUBSEP "raw") in cpu && cpu[p[1] SUBSEP "raw"] > 0)
          ratio = sprintf("%.2f", (cpu[k] / c) / (cpu[p[1] SUBSEP "raw"] / n[p[1] SUBSEP "raw"]))
        printf "%-22s %-8s %10.0f %8.0f %8.0f %8.0f %10.2f %8.0f %9.0f %6.0f %6s\n", p[1], p[2], rate[k] / c,
          p50[k] / c, p99[k] / c, p999[k] / c, cpu[k] / c, util[k] / c, load[k] / c, other[k] / c, ratio }
    }' "$TSV"
  awk -F'\t' 'NR > 1 && $11 + 0 > 10 { noisy++ }
    NR > 1 && $13 + 0 > 0 { behind++ }
    NR > 1 && $12 + $14 > 0 { errors++ }
    NR > 1 && $4 == "FAILED" { failed++ }
    END {
      if (failed) printf "warning: %d run(s) FAILED: see their logs\n", failed
      if (noisy) printf "warning: in %d run(s) other processes used over 10%% CPU during the window (other_cpu_pct in results.tsv): rerun on a quiet machine\n", noisy
      if (behind) printf "warning: %d paced run(s) fell behind their target rate (behind in results.tsv): their latency is a backlog, not the server at that rate\n", behind
      if (errors) printf "warning: %d run(s) got error answers or lost connections (errors, closes in results.tsv; details in the logs)\n", errors
    }' "$TSV"
}

main() {
  command -v taskset > /dev/null || die "taskset not found (util-linux)"
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    mkdir -p "$BENCH/target"
    (cd "$BENCH" && mvn -q -B package > "$BENCH/target/build.log" 2>&1) \
      || die "building the bench jar failed, see $BENCH/target/build.log"
  fi
  [ -f "$BENCH_JAR" ] || die "missing $BENCH_JAR"
  if [[ " $SERVERS " == *" gamebus "* ]] && [ ! -f "$GAMEBUS_JAR" ]; then
    die "missing $GAMEBUS_JAR (from $ROOT): build gamebus first (mvn -q package -DskipTests), or SERVERS=raw"
  fi
  local w
  for w in $SERVERS; do
    [[ $w == raw || $w == gamebus ]] || die "unknown server $w (raw, gamebus)"
  done
  for w in $WORKLOADS; do
    [[ $w =~ ^((reqrep|fanout)-(ws|tcp)-[0-9]+x[0-9]+|reqrep-(ws|tcp)-[0-9]+x[0-9]+@[0-9]+)$ ]] \
      || die "bad workload name $w (e.g. reqrep-ws-100x4, fanout-tcp-20x100, reqrep-ws-1000x1@20000)"
  done
  mkdir -p "$OUT"
  TSV=$OUT/results.tsv
  printf 'round\tworkload\tserver\tmsgs_per_s\tp50_us\tp99_us\tp999_us\tcpu_us_per_msg\tserver_cpu_pct\tload_cpu_pct\tother_cpu_pct\terrors\tbehind\tcloses\n' \
    | tee "$TSV"
  local round workload server order
  for round in $(seq 1 "$ROUNDS"); do
    order=$SERVERS
    (( round % 2 == 0 )) && order=$(tr ' ' '\n' <<< "$SERVERS" | tac | tr '\n' ' ')
    for workload in $WORKLOADS; do
      for server in $order; do
        one_run "$round" "$workload" "$server"
      done
    done
  done
  summary | tee "$OUT/summary.txt"
  echo "logs and results.tsv in $OUT"
  ! cut -f4 "$TSV" | grep -q FAILED
}

main
