#!/usr/bin/env bash
# How the count tier of `gate --command` decides, on a Python job queue (scenarios/record/queue.py) in a
# git repository of its own: RUNS gates of the parent against itself (A/A) and RUNS gates of each child
# commit that changes one thing inside the transaction (synchronous NORMAL -> FULL, one more UPDATE, each
# transaction split in two, 25% more CPU work, a 25% longer wait), each as CI would (--min-blocks 3
# --max-duration 2m). Prints each verdict, its wall time and the rows that decided, then the counts.
# With --stress, a CPU hog on both cores (stress-ng --cpu 2) runs beside every gate.
# KINDS="parent split ..." runs only those (default: all six); STUDY_KEEP=DIR keeps each gate's JSON and log.
#   scenarios/record/count-gate-study.sh [RUNS] [--stress]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/scenarios/study-lib.sh"
study_args count-gate-study.sh 99 "${1:-5}" "${2:-}"
study_start
# A copy of the jar, so a rebuild of this checkout during the study changes nothing under it.
"$root/lockbench" --version >/dev/null
cp "$root/harness/target/lockbench.jar" "$work/lockbench.jar"
repo="$work/app"
mkdir -p "$repo"
g() { git -C "$repo" -c user.name=lockbench -c user.email=lockbench@example.com -c init.defaultBranch=main "$@" >/dev/null; }
g init --quiet
printf 'queue.db*\n' >"$repo/.gitignore"
cp "$here/queue.py" "$repo/queue.py"
g add .
g commit --quiet -m "job queue"
g branch parent
child() { # NAME SED-EXPRESSION
  g checkout --quiet -b "$1" parent
  sed -i "$2" "$repo/queue.py"
  g commit --quiet -am "$1"
}
child sync-full 's/^SYNCHRONOUS = "NORMAL"/SYNCHRONOUS = "FULL"/'
child extra-update 's/^EXTRA_UPDATE = False/EXTRA_UPDATE = True/'
child split 's/^SPLIT = False/SPLIT = True/'
child cpu-25 's/^CPU_MS = 4 /CPU_MS = 5 /'
child sleep-25 's/^SLEEP_MS = 4 /SLEEP_MS = 5 /'
study_hog
gate() { # NAME BRANCH: gates BRANCH's working tree against the parent commit
  local start rc=0
  g checkout --quiet "$2"
  start=$(date +%s)
  (cd "$repo" && java -jar "$work/lockbench.jar" gate --command 'python3 queue.py' --db queue.db --baseline-ref parent \
    --min-blocks "${MIN_BLOCKS:-3}" --max-duration 2m --json --out "$work/$1" --work "$work/work" >"$work/$1.json" 2>"$work/$1.log") || rc=$?
  local decided
  decided=$(python3 -c '
import json, sys
try:
    g = json.load(open(sys.argv[1]))
except Exception:
    print("-"); sys.exit()
rows = [c["metric"] for c in g["comparisons"] if c["verdict"] == "REGRESSION"]
print(",".join(rows) if rows else "-")' "$work/$1.json")
  study_keep "$work/$1.json" "$work/$1.log"
  echo "$2 $(study_verdict "$rc") $(($(date +%s) - start)) $decided"
}
results=()
read -r -a order <<<"${KINDS:-parent sync-full extra-update split cpu-25 sleep-25}"
for kind in "${order[@]}"; do
  [[ " parent sync-full extra-update split cpu-25 sleep-25 " == *" $kind "* ]] || { echo "count-gate-study.sh: KINDS: no change named $kind" >&2; exit 2; }
done
for ((i = 1; i <= runs; i++)); do
  for name in "${order[@]}"; do
    results+=("$(gate "$name-$i" "$name")")
    echo "${results[-1]}"
  done
done
printf '%s\n' "${results[@]}" | study_tally "${order[@]}"
