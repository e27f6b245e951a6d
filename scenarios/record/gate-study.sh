#!/usr/bin/env bash
# How often `gate --command` sees a real regression and how often it cries wolf, on a Python job queue
# (harness/src/test/resources/record/app/app.py) in a git repository of its own whose child commit
# holds its write transactions 30 ms instead of 20 ms. Runs RUNS gates of the child against its parent
# and RUNS gates of the parent against itself (A/A), alternating, each as CI would
# (--min-blocks 6 --max-duration 2m), and prints each verdict and the counts.
#   scenarios/record/gate-study.sh [RUNS] [--no-events]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${1:-10}"
source_flag="${2:-}"
if ! [[ "$runs" =~ ^[1-9][0-9]?$ ]] || ! [[ "$source_flag" =~ ^(|--no-events)$ ]]; then
  echo "gate-study.sh: usage: gate-study.sh [RUNS 1-99] [--no-events]" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A copy of the jar, so a rebuild of this checkout during the study changes nothing under it.
"$root/lockbench" --version >/dev/null
cp "$root/harness/target/lockbench.jar" "$work/lockbench.jar"
repo="$work/app"
mkdir -p "$repo"
g() { git -C "$repo" -c user.name=lockbench -c user.email=lockbench@example.com -c init.defaultBranch=main "$@" >/dev/null; }
g init --quiet
printf 'app.db*\n' >"$repo/.gitignore"
cp "$root/harness/src/test/resources/record/app/app.py" "$repo/app.py"
g add .
g commit --quiet -m "job queue"
sed -i 's/HOLD_MS = 20/HOLD_MS = 30/' "$repo/app.py"
g commit --quiet -am "more work inside the transaction"
g branch parent HEAD~1
verdict() { case "$1" in 0) echo PASS ;; 1) echo REGRESSION ;; 2) echo INCONCLUSIVE ;; *) echo "ERROR($1)" ;; esac; }
gate() { # NAME BASELINE_REF: prints "NAME verdict seconds"
  local start rc=0
  start=$(date +%s)
  (cd "$repo" && java -jar "$work/lockbench.jar" gate --command 'python3 app.py' --db app.db $source_flag --baseline-ref "$2" \
    --min-blocks 6 --max-duration 2m --out "$work/$1" --work "$work/work" >"$work/$1.log" 2>&1) || rc=$?
  echo "$1 $(verdict "$rc") $(($(date +%s) - start))"
}
results=()
for ((i = 1; i <= runs; i++)); do
  # the A/A side checks out the parent as the working tree, so both sides run the same code
  results+=("$(gate "regression-$i" HEAD~1)")
  echo "${results[-1]}"
  g checkout --quiet parent
  results+=("$(gate "aa-$i" HEAD)")
  echo "${results[-1]}"
  g checkout --quiet main
done
printf '%s\n' "${results[@]}" | python3 -c '
import collections, statistics, sys
rows = [l.split() for l in sys.stdin if l.strip()]
for kind in ("regression", "aa"):
    mine = [r for r in rows if r[0].startswith(kind + "-")]
    counts = collections.Counter(r[1] for r in mine)
    wall = statistics.median(int(r[2]) for r in mine)
    print(f"{kind}: {len(mine)} gates, " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
          + f"; median wall time {wall:.0f} s")
'
