# Shared by the study scripts (sourced, not run): their RUNS and --stress arguments, the scratch
# directory, the CPU hog beside the gates, and a gate's exit code in words.
#   study_args NAME MAX RUNS STRESS   checks RUNS (1..MAX) and STRESS ("" or --stress); exit 2 when wrong
#   study_start                       makes $work, removed at exit with the hog
#   study_hog                         starts the hog when --stress was given
#   study_verdict CODE                PASS, REGRESSION, INCONCLUSIVE or ERROR(CODE)
#   study_keep FILE...                copies a gate's files to $STUDY_KEEP when it is set
#   study_tally KIND...               reads "KIND VERDICT SECONDS ROWS" lines; prints verdicts per kind

study_args() { # NAME MAX RUNS STRESS
  study_name="$1"
  runs="$3"
  stress="$4"
  if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]] || [ "$runs" -gt "$2" ] || ! [[ "$stress" =~ ^(|--stress)$ ]]; then
    echo "$study_name: usage: $study_name [RUNS 1-$2] [--stress]" >&2
    exit 2
  fi
  if [ -n "$stress" ] && ! command -v stress-ng >/dev/null 2>&1; then
    echo "$study_name: --stress needs stress-ng (apt-get install stress-ng)" >&2
    exit 2
  fi
}

study_start() {
  work="$(mktemp -d)"
  hog=""
  trap '[ -n "$hog" ] && kill "$hog" 2>/dev/null; rm -rf "$work"' EXIT
}

study_hog() {
  if [ -n "$stress" ]; then
    stress-ng --cpu 2 --quiet &
    hog=$!
  fi
}

study_verdict() {
  case "$1" in 0) echo PASS ;; 1) echo REGRESSION ;; 2) echo INCONCLUSIVE ;; *) echo "ERROR($1)" ;; esac
}

study_keep() {
  if [ -n "${STUDY_KEEP:-}" ]; then
    mkdir -p "$STUDY_KEEP"
    cp -r "$@" "$STUDY_KEEP/" 2>/dev/null || true
  fi
}

study_tally() {
  python3 -c '
import collections, statistics, sys
rows = [l.split() for l in sys.stdin if l.strip()]
for kind in sys.argv[1:]:
    mine = [r for r in rows if r[0] == kind]
    if not mine:
        continue
    verdicts = collections.Counter(r[1] for r in mine)
    seconds = sorted(int(r[2]) for r in mine)
    print(f"{kind:13} {len(mine):3} gates  "
          + "  ".join(f"{v} {n}" for v, n in sorted(verdicts.items()))
          + f"  median {statistics.median(seconds):.0f} s, max {seconds[-1]} s")
' "$@"
}
