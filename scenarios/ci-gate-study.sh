#!/usr/bin/env bash
# The gate exactly as .ci/run runs it (this checkout's build against its parent commit's, quick-gate.yaml,
# --max-duration 6m), RUNS times in a row: each verdict, its wall time and the look it stopped at, then
# how many were decided. The parent's build is made once and cached (data/gate-builds/). With --stress,
# a CPU hog on both cores (stress-ng --cpu 2) runs beside every gate.
#   scenarios/ci-gate-study.sh [RUNS] [--stress]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-10}"
stress="${2:-}"
if ! [[ "$runs" =~ ^[1-9][0-9]?$ ]] || ! [[ "$stress" =~ ^(|--stress)$ ]]; then
  echo "ci-gate-study.sh: usage: ci-gate-study.sh [RUNS 1-99] [--stress]" >&2
  exit 2
fi
if [ -n "$stress" ] && ! command -v stress-ng >/dev/null 2>&1; then
  echo "ci-gate-study.sh: --stress needs stress-ng (apt-get install stress-ng)" >&2
  exit 2
fi
cd "$root"
work="$(mktemp -d)"
hog=""
cleanup() { [ -n "$hog" ] && kill "$hog" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
./lockbench --version >/dev/null
if [ -n "$stress" ]; then
  stress-ng --cpu 2 --quiet &
  hog=$!
fi
decided=0
for ((i = 1; i <= runs; i++)); do
  start=$(date +%s)
  rc=0
  ./lockbench gate scenarios/quick-gate.yaml --baseline-ref HEAD~1 --max-duration 6m --json \
    --out "$work/gate-$i" --work "$work/gate-work" >"$work/gate-$i.json" 2>"$work/gate-$i.log" || rc=$?
  case "$rc" in 0) v=PASS ;; 1) v=REGRESSION ;; 2) v=INCONCLUSIVE ;; *) v="ERROR($rc)" ;; esac
  [ "$rc" -le 1 ] && decided=$((decided + 1))
  stop=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("stopped_because",""))' "$work/gate-$i.json" 2>/dev/null || echo "-")
  echo "gate $i: $v in $(($(date +%s) - start)) s; $stop"
done
echo "decided (PASS or REGRESSION): $decided of $runs"
