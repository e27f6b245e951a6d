# Shared by the study scripts (sourced, not run): their RUNS and --stress arguments, the scratch
# directory, the CPU hog beside the gates, and a gate's exit code in words.
#   study_args NAME MAX RUNS STRESS   checks RUNS (1..MAX) and STRESS ("" or --stress); exit 2 when wrong
#   study_start                       makes $work, removed at exit with the hog
#   study_hog                         starts the hog when --stress was given
#   study_verdict CODE                PASS, REGRESSION, INCONCLUSIVE or ERROR(CODE)

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
