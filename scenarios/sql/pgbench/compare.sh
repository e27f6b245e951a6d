#!/usr/bin/env bash
# pgbench's TPC-B-like script through pgbench and through lockbench, same clients and measured
# duration, in alternating rounds on the same server (pgbench first in odd rounds, lockbench first in
# even ones): transactions/s and mean latency of every round, and the medians side by side.
#   scenarios/sql/pgbench/compare.sh [CLIENTS] [SECONDS] [PROTOCOL] [ROUNDS]
# PROTOCOL is pgbench's -M: prepared (the default here: lockbench's JDBC driver prepares a statement
# on the server once it has run five times, and keeps it), simple or extended. ROUNDS defaults to 3:
# on a shared machine the commit's fsync time moves throughput by a third from one minute to the next,
# so one pair of runs says little; the median of alternating rounds does.
# lockbench measures SECONDS after a warm-up of WARMUP_SECONDS (default 10): the first seconds of a JVM
# go to compiling its own code, which pgbench, compiled ahead of time, does not have to do.
# The server is LOCKBENCH_PG_URL (default jdbc:postgresql://127.0.0.1:5432/test); pgbench reaches it
# through the same host, port and database. pgbench -i creates its tables in the database's public
# schema; lockbench runs in a schema of its own, with the same tables and data.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
clients="${1:-4}"
seconds="${2:-20}"
protocol="${3:-prepared}"
rounds="${4:-3}"
warmup="${WARMUP_SECONDS:-10}"
if ! [[ "$clients" =~ ^[1-9][0-9]{0,2}$ ]] || ! [[ "$seconds" =~ ^[1-9][0-9]{0,4}$ ]] \
   || ! [[ "$protocol" =~ ^(prepared|simple|extended)$ ]] || ! [[ "$rounds" =~ ^[1-9][0-9]?$ ]] \
   || ! [[ "$warmup" =~ ^[0-9]{1,4}$ ]]; then
  echo "compare.sh: usage: [WARMUP_SECONDS=N] compare.sh [CLIENTS 1-999] [SECONDS] [prepared|simple|extended] [ROUNDS 1-99]" >&2
  exit 2
fi
command -v pgbench >/dev/null || { echo "compare.sh: pgbench is not installed (Debian: postgresql-client)" >&2; exit 2; }
export LOCKBENCH_PG_URL="${LOCKBENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}"
read -r host port db < <(python3 - "$LOCKBENCH_PG_URL" <<'PY'
import sys, urllib.parse
u = urllib.parse.urlsplit(sys.argv[1].removeprefix("jdbc:"))
print(u.hostname or "127.0.0.1", u.port or 5432, u.path.lstrip("/") or "postgres")
PY
)
pg=(-h "$host" -p "$port")
run_id="pgbench-compare-$$"
rows=()

run_pgbench() {
  local out tps lat
  out="$(pgbench "${pg[@]}" -n -c "$clients" -j 2 -T "$seconds" -M "$protocol" -b tpcb-like "$db" 2>&1)"
  tps="$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out")"
  lat="$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$out")"
  [ -n "$tps" ] && [ -n "$lat" ] || { echo "compare.sh: pgbench failed: $out" >&2; exit 1; }
  rows+=("$1 pgbench $tps $lat")
}

run_lockbench() {
  local id="$run_id-$1"
  "$root/lockbench" run "$root/scenarios/sql/pgbench-tpcb.yaml" --quiet --run-id "$id" \
    --set "workloads.tpcb.threads=$clients" --set "run.duration=$((seconds + warmup))s" \
    --set "run.warmup=${warmup}s" >/dev/null
  rows+=("$1 lockbench $(python3 - "$root/results/$id/run.json" <<'PY'
import json, sys
w = json.load(open(sys.argv[1]))["workloads"][0]
print(w["operations_per_second"], w["millis"]["latency"]["mean"])
PY
)")
}

pgbench "${pg[@]}" -i -s 1 -q "$db" >/dev/null 2>&1
for ((round = 1; round <= rounds; round++)); do
  if ((round % 2)); then run_pgbench "$round"; run_lockbench "$round"
  else run_lockbench "$round"; run_pgbench "$round"; fi
done

python3 - "$clients" "$seconds" "$protocol" "$warmup" "${rows[@]}" <<'PY'
import statistics, sys
clients, seconds, protocol, warmup = sys.argv[1:5]
runs = {"pgbench": {}, "lockbench": {}}
for line in sys.argv[5:]:
    rnd, tool, tps, lat = line.split()
    runs[tool][int(rnd)] = (float(tps), float(lat))
print(f"TPC-B-like, {clients} clients, {seconds} s measured, pgbench -M {protocol}, "
      f"{len(runs['pgbench'])} alternating rounds (lockbench after a {warmup} s warm-up)")
print("| round | pgbench tx/s | lockbench tx/s | tx/s ratio | pgbench mean latency | lockbench mean latency |")
print("|---:|---:|---:|---:|---:|---:|")
for rnd in sorted(runs["pgbench"]):
    (pt, pl), (lt, ll) = runs["pgbench"][rnd], runs["lockbench"][rnd]
    print(f"| {rnd} | {pt:,.0f} | {lt:,.0f} | {lt / pt:.2f} | {pl:.3f} ms | {ll:.3f} ms |")
med = {tool: (statistics.median(v[0] for v in r.values()), statistics.median(v[1] for v in r.values()))
       for tool, r in runs.items()}
(pt, pl), (lt, ll) = med["pgbench"], med["lockbench"]
print(f"| median | {pt:,.0f} | {lt:,.0f} | {lt / pt:.2f} | {pl:.3f} ms | {ll:.3f} ms |")
print(f"lockbench / pgbench: transactions/s {lt / pt:.2f}, mean latency {ll / pl:.2f}")
PY
