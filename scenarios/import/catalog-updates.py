"""Another process's catalog updates while something else writes the same store.

One short write transaction every INTERVAL_MS (a workflow execution's status and revision), timed
from BEGIN IMMEDIATE to its return: the wait for the write lock, as this process sees it under a
10 s busy timeout (SQLite's own busy handler, as most applications run it). Runs until SIGTERM or
SECONDS, then prints one line: count, p50, p99 and max of the waits in milliseconds, and BUSY errors.

    python3 catalog-updates.py STORE.db [INTERVAL_MS] [SECONDS]
"""
import signal
import sqlite3
import sys
import time

db_path = sys.argv[1]
interval = float(sys.argv[2]) / 1000 if len(sys.argv) > 2 else 0.02
limit = float(sys.argv[3]) if len(sys.argv) > 3 else 3600.0
stop = False


def finish(*_):
    global stop
    stop = True


signal.signal(signal.SIGTERM, finish)
db = sqlite3.connect(db_path, isolation_level=None, timeout=10)
db.execute("PRAGMA synchronous=NORMAL")
now_ms = int(time.time() * 1000)
db.execute(
    "INSERT OR IGNORE INTO workflow_executions (execution_id, workflow_name, status, step_count, updated_at)"
    " VALUES (424242, 'import-probe', 'running', 1, ?)",
    (now_ms,),
)
waits = []
busy = 0
ends = time.monotonic() + limit
while not stop and time.monotonic() < ends:
    started = time.monotonic()
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        busy += 1
        continue
    waits.append((time.monotonic() - started) * 1000)
    db.execute(
        "UPDATE workflow_executions SET revision = revision + 1, updated_at = ? WHERE execution_id = 424242",
        (int(time.time() * 1000),),
    )
    db.execute("COMMIT")
    time.sleep(interval)
waits.sort()


def pct(p):
    return waits[min(len(waits) - 1, int(p / 100 * len(waits)))] if waits else float("nan")


print(
    "catalog updates: %d, wait p50 %.2f ms, p99 %.2f ms, max %.2f ms, busy %d"
    % (len(waits), pct(50), pct(99), waits[-1] if waits else float("nan"), busy)
)
