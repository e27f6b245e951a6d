#!/usr/bin/env bash
# pgbench's TPC-B-like script through pgbench and through lockbench, same clients and duration, one
# after the other on the same server: transactions/s and mean latency side by side.
#   scenarios/sql/pgbench/compare.sh [CLIENTS] [SECONDS] [PROTOCOL]
# PROTOCOL is pgbench's -M: prepared (the default here: lockbench's JDBC driver prepares a statement
# on the server once it has run five times, and keeps it), simple or extended.
# The server is LOCKBENCH_PG_URL (default jdbc:postgresql://127.0.0.1:5432/test); pgbench reaches it
# through the same host, port and database. pgbench -i creates its tables in the database's public
# schema; lockbench runs in a schema of its own, with the same tables and data.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
clients="${1:-4}"
seconds="${2:-20}"
protocol="${3:-prepared}"
if ! [[ "$clients" =~ ^[1-9][0-9]{0,2}$ ]] || ! [[ "$seconds" =~ ^[1-9][0-9]{0,4}$ ]] \
   || ! [[ "$protocol" =~ ^(prepared|simple|extended)$ ]]; then
  echo "compare.sh: usage: compare.sh [CLIENTS 1-999] [SECONDS] [prepared|simple|extended]" >&2
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

pgbench "${pg[@]}" -i -s 1 -q "$db" >/dev/null 2>&1
pgbench_out="$(pgbench "${pg[@]}" -n -c "$clients" -j 2 -T "$seconds" -M "$protocol" -b tpcb-like "$db" 2>&1)"
pg_tps="$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$pgbench_out")"
pg_lat="$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' <<<"$pgbench_out")"

"$root/lockbench" run "$root/scenarios/sql/pgbench-tpcb.yaml" --quiet --run-id "$run_id" \
  --set "workloads.tpcb.threads=$clients" --set "run.duration=${seconds}s" >/dev/null
read -r lb_tps lb_lat < <(python3 - "$root/results/$run_id/run.json" <<'PY'
import json, sys
w = json.load(open(sys.argv[1]))["workloads"][0]
print(round(w["operations_per_second"], 1), round(w["millis"]["latency"]["mean"], 3))
PY
)
python3 - "$clients" "$seconds" "$protocol" "$pg_tps" "$pg_lat" "$lb_tps" "$lb_lat" <<'PY'
import sys
clients, seconds, protocol, pg_tps, pg_lat, lb_tps, lb_lat = sys.argv[1:]
pg_tps, pg_lat, lb_tps, lb_lat = map(float, (pg_tps, pg_lat, lb_tps, lb_lat))
print(f"TPC-B-like, {clients} clients, {seconds} s, pgbench -M {protocol} (lockbench: a 2 s warm-up of the {seconds} s)")
print("| tool | transactions/s | mean latency |")
print("|---|---:|---:|")
print(f"| pgbench | {pg_tps:,.0f} | {pg_lat:.3f} ms |")
print(f"| lockbench | {lb_tps:,.0f} | {lb_lat:.3f} ms |")
print(f"| lockbench / pgbench | {lb_tps / pg_tps:.2f} | {lb_lat / pg_lat:.2f} |")
PY
