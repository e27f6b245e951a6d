#!/usr/bin/env bash
# How the scenario gate decides, run as .ci/run runs it (default options, --max-duration 6m), on
# scenarios/gate-study.yaml: RUNS A/A gates (baseline and candidate the same build and settings) and RUNS
# gates of each injected change, a --candidate-set of the scenario: synchronous NORMAL -> FULL, one more
# UPDATE in the reviewer's transaction, the import's transaction split in two, 25% more CPU work and a 25%
# longer wait in the reviewer's transaction. Prints each verdict, its wall time and the rows that decided,
# then the counts. With --stress, a CPU hog on both cores (stress-ng --cpu 2) runs beside every gate.
# KINDS="aa split ..." runs only those (default: all six); STUDY_KEEP=DIR keeps each gate's JSON and log.
#   scenarios/gate-study.sh [RUNS] [--stress]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
. "$here/study-lib.sh"
study_args gate-study.sh 99 "${1:-5}" "${2:-}"
study_start
# A copy of the jar, so a rebuild of this checkout during the study changes nothing under it; the same
# jar on both sides, so only the --candidate-set differs.
"$root/lockbench" --version >/dev/null
cp "$root/harness/target/lockbench.jar" "$work/lockbench.jar"
declare -A change=(
  [aa]=""
  [sync-full]="store.synchronous=full"
  [extra-update]="workloads.review.params.script=gate-study/review-extra.sql"
  [split]="workloads.import.params.batch_size=5"
  [cpu-25]="workloads.review.params.vars.cpu=25000"
  [sleep-25]="workloads.review.params.vars.work=10"
)
read -r -a order <<<"${KINDS:-aa sync-full extra-update split cpu-25 sleep-25}"
for kind in "${order[@]}"; do
  [ -n "${change[$kind]+set}" ] || { echo "gate-study.sh: KINDS: no change named $kind (${!change[*]})" >&2; exit 2; }
done
study_hog
gate() { # NAME KIND
  local start rc=0 set=()
  [ -n "${change[$2]}" ] && set=(--candidate-set "${change[$2]}")
  start=$(date +%s)
  java -jar "$work/lockbench.jar" gate "$root/scenarios/gate-study.yaml" --baseline-jar "$work/lockbench.jar" \
    "${set[@]}" --max-duration 6m --json --out "$work/$1" --work "$work/work" >"$work/$1.json" 2>"$work/$1.log" || rc=$?
  local decided
  decided=$(python3 -c '
import json, sys
try:
    g = json.load(open(sys.argv[1]))
except Exception:
    print("-"); sys.exit()
rows = [c["workload"] + "." + c["metric"] for c in g["comparisons"] if c["verdict"] == "REGRESSION"]
print(",".join(rows) if rows else "-")' "$work/$1.json")
  study_keep "$work/$1.json" "$work/$1.log"
  echo "$2 $(study_verdict "$rc") $(($(date +%s) - start)) $decided"
}
results=()
for ((i = 1; i <= runs; i++)); do
  for kind in "${order[@]}"; do
    results+=("$(gate "$kind-$i" "$kind")")
    echo "${results[-1]}"
  done
done
printf '%s\n' "${results[@]}" | study_tally "${order[@]}"
