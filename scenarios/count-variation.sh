#!/usr/bin/env bash
# The A/A variation of each count of the scenario gate's count tier: BLOCKS blocks of SCENARIO
# (default quick-gate.yaml), recorded as the gate records a baseline (each block a fresh JVM under the
# lock-event library), then per workload and count the median over blocks, the median absolute
# deviation, and the largest distance of a block from the median, in the count's unit and as a
# percentage of the median. With --stress, a CPU hog on both cores (stress-ng --cpu 2) runs beside them.
#   scenarios/count-variation.sh [BLOCKS] [SCENARIO] [--stress]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
blocks="${1:-10}"
scenario="${2:-$root/scenarios/quick-gate.yaml}"
stress="${3:-}"
if ! [[ "$blocks" =~ ^[1-9][0-9]?$ ]] || [ ! -f "$scenario" ] || ! [[ "$stress" =~ ^(|--stress)$ ]]; then
  echo "count-variation.sh: usage: count-variation.sh [BLOCKS 1-99] [SCENARIO] [--stress]" >&2
  exit 2
fi
if [ -n "$stress" ] && ! command -v stress-ng >/dev/null 2>&1; then
  echo "count-variation.sh: --stress needs stress-ng (apt-get install stress-ng)" >&2
  exit 2
fi
work="$(mktemp -d)"
hog=""
cleanup() { [ -n "$hog" ] && kill "$hog" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
"$root/lockbench" --version >/dev/null
if [ -n "$stress" ]; then
  stress-ng --cpu 2 --quiet &
  hog=$!
fi
"$root/lockbench" gate "$scenario" --record-baseline "$work/blocks" --blocks "$blocks" --work "$work/work" \
  >"$work/gate.log" 2>&1 || { tail -3 "$work/gate.log" >&2; exit 1; }
python3 - "$work/blocks" <<'PY'
import glob, json, statistics, sys
blocks = [json.load(open(f)) for f in sorted(glob.glob(sys.argv[1] + "/baseline-*/counts.json"))]
def value(w, metric):
    tx = max(1, w["transactions"])
    return {
        "transactions_per_op": w["transactions"] / w["operations"] if w["operations"] else 0,
        "syncs_per_tx": w["syncs"] / tx,
        "writes_per_tx": w["writes"] / tx,
        "bytes_per_tx": w["bytes"] / tx,
        "cpu_ms_per_tx": w["cpuNanos"] / 1e6 / w["cpuTransactions"] if w["cpuTransactions"] else 0,
    }[metric]
print(f"{len(blocks)} blocks")
print("| workload | count | median | MAD | MAD % | largest distance from the median |")
print("|---|---|---:|---:|---:|---:|")
for name in sorted(blocks[0]):
    if all(b.get(name, {}).get("transactions", 0) == 0 for b in blocks):
        continue
    for metric in ("transactions_per_op", "syncs_per_tx", "writes_per_tx", "bytes_per_tx", "cpu_ms_per_tx"):
        values = [value(b[name], metric) for b in blocks if name in b]
        median = statistics.median(values)
        mad = statistics.median(abs(v - median) for v in values)
        far = max(abs(v - median) for v in values)
        pct = lambda x: f"{100 * x / median:.1f}%" if median else "–"
        print(f"| {name} | `{metric}` | {median:.4g} | {mad:.3g} | {pct(mad)} | {far:.3g} ({pct(far)}) |")
PY
