#!/usr/bin/env bash
# The gate exactly as .ci/run runs it (this checkout's build against its parent commit's, quick-gate.yaml,
# --max-duration 6m), RUNS times in a row: each verdict, its wall time and the look it stopped at, then
# how many were decided. The parent's build is made once and cached (data/gate-builds/). With --stress,
# a CPU hog on both cores (stress-ng --cpu 2) runs beside every gate.
#   scenarios/ci-gate-study.sh [RUNS] [--stress]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
. "$here/study-lib.sh"
study_args ci-gate-study.sh 99 "${1:-10}" "${2:-}"
cd "$root"
./lockbench --version >/dev/null
study_start
study_hog
decided=0
for ((i = 1; i <= runs; i++)); do
  start=$(date +%s)
  rc=0
  ./lockbench gate scenarios/quick-gate.yaml --baseline-ref HEAD~1 --max-duration 6m --json \
    --out "$work/gate-$i" --work "$work/gate-work" >"$work/gate-$i.json" 2>"$work/gate-$i.log" || rc=$?
  v=$(study_verdict "$rc")
  [ "$rc" -le 1 ] && decided=$((decided + 1))
  stop=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("stopped_because",""))' "$work/gate-$i.json" 2>/dev/null || echo "-")
  echo "gate $i: $v in $(($(date +%s) - start)) s; $stop"
done
echo "decided (PASS or REGRESSION): $decided of $runs"
