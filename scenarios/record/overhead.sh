#!/usr/bin/env bash
# What the lock-event library costs the recorded program: a closed-loop Python writer (one-row write
# transactions, about 8 lock requests and 3 statements each, every one logged) under `record
# --no-events` (the lock table sampled, nothing preloaded) and under `record` (every lock event logged
# inside the process), in alternating pairs; prints each pair's rates, their ratio, and the medians.
#   scenarios/record/overhead.sh [PAIRS] [TRANSACTIONS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pairs="${1:-5}"
transactions="${2:-50000}"
if ! [[ "$pairs" =~ ^[1-9][0-9]?$ ]] || ! [[ "$transactions" =~ ^[1-9][0-9]{0,7}$ ]]; then
  echo "overhead.sh: usage: overhead.sh [PAIRS 1-99] [TRANSACTIONS]" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rate() { # --no-events or nothing
  rm -f "$work"/w.db*
  "$root/lockbench" record --db "$work/w.db" "$@" --out "$work/rec" -- \
    python3 "$here/writer.py" "$work/w.db" "$transactions" 2>/dev/null | sed -n 's/^tx\/s //p'
}
rows=()
for ((i = 1; i <= pairs; i++)); do
  if ((i % 2)); then plain="$(rate --no-events)"; events="$(rate)"; else events="$(rate)"; plain="$(rate --no-events)"; fi
  rows+=("$plain $events")
done
python3 - "${rows[@]}" <<'PY'
import statistics, sys
pairs = [tuple(map(float, r.split())) for r in sys.argv[1:]]
print("| pair | --no-events tx/s | every lock event logged tx/s | ratio |")
print("|---:|---:|---:|---:|")
for i, (p, w) in enumerate(pairs, 1):
    print(f"| {i} | {p:,.0f} | {w:,.0f} | {w / p:.3f} |")
p = statistics.median(x for x, _ in pairs)
w = statistics.median(y for _, y in pairs)
r = statistics.median(y / x for x, y in pairs)
print(f"| median | {p:,.0f} | {w:,.0f} | {r:.3f} |")
PY
