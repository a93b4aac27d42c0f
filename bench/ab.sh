#!/usr/bin/env bash
# Paired A/B of gamebus builds: run.sh's harness (server pinned to SERVER_CPU, load generator to
# LOAD_CPU, CPU from /proc) with each jar in turn, per workload and round, the order of the jars
# reversed every other round so drift of the machine hits them alike. Prints one row per run
# and the mean CPU µs per reply of each jar, with its ratio to the first jar.
# Environment knobs (defaults in brackets): JARS (required: label=path ..., e.g.
#   "before=/tmp/a.jar after=target/gamebus.jar")  ROUNDS [2]  WORKLOADS [reqrep-ws-100x4 reqrep-tcp-1000x1]
#   WARMUP [20]  DURATION [10]  OUT [bench/target/ab/<time>]; the rest as run.sh
set -uo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROUNDS=${ROUNDS:-2}
WORKLOADS=${WORKLOADS:-"reqrep-ws-100x4 reqrep-tcp-1000x1"}
OUT=${OUT:-$BENCH/target/ab/$(date +%Y%m%d-%H%M%S)}
[ -n "${JARS:-}" ] || { echo "ab.sh: set JARS=\"label=path label=path\"" >&2; exit 1; }
mkdir -p "$OUT"
read -r -a jars <<< "$JARS"
printf 'jar\tround\tworkload\tserver\tmsgs_per_s\tp50_us\tp99_us\tp999_us\tcpu_us_per_msg\tserver_cpu_pct\tload_cpu_pct\tother_cpu_pct\terrors\tbehind\tcloses\n' > "$OUT/ab.tsv"
for round in $(seq 1 "$ROUNDS"); do
  order=("${jars[@]}")
  if (( round % 2 == 0 )); then
    order=(); for (( i = ${#jars[@]} - 1; i >= 0; i-- )); do order+=("${jars[i]}"); done
  fi
  for workload in $WORKLOADS; do
    for entry in "${order[@]}"; do
      label=${entry%%=*} jar=${entry#*=}
      run="$OUT/$label-r$round-$workload"
      SERVERS=gamebus ROUNDS=1 WORKLOADS="$workload" SKIP_BUILD=1 GAMEBUS_JAR="$jar" OUT="$run" \
        "$BENCH/run.sh" > "$run.log" 2>&1
      row=$(tail -n +2 "$run/results.tsv" 2>/dev/null | head -1)
      printf '%s\t%s\n' "$label" "${row:-FAILED}" | tee -a "$OUT/ab.tsv"
    done
  done
done
echo
echo "Mean server CPU µs per reply (ratio to ${jars[0]%%=*}):"
labels=$(for entry in "${jars[@]}"; do printf '%s ' "${entry%%=*}"; done)
awk -F'\t' -v labels="$labels" 'BEGIN { J = split(labels, L, " ") }
  NR > 1 && $9 ~ /^[0-9.]+$/ { k = $3 SUBSEP $1; s[k] += $9; n[k]++; if (!($3 in seen)) { seen[$3]; w[++m] = $3 } }
  END { for (i = 1; i <= m; i++) { printf "%-24s", w[i]; base = ""
          for (j = 1; j <= J; j++) { k = w[i] SUBSEP L[j]; if (k in s) { v = s[k] / n[k]; if (base == "") base = v
              printf "  %s %.2f (%.2f)", L[j], v, v / base } }
          printf "\n" } }' "$OUT/ab.tsv"
