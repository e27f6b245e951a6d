# Holds SQLite's write lock for known durations, for the watch tests: opens DATABASE in the given
# journal mode, prints "ready", waits for a line on stdin, then HOLDS times: BEGIN IMMEDIATE, an insert,
# sleep HOLD_MS, COMMIT, sleep GAP_MS. Prints "done" at the end. A DATABASE that starts with "file:" is
# opened as an SQLite URI (e.g. file:app.db?vfs=unix-none).
import sqlite3
import sys
import time

database, mode, holds, hold_ms, gap_ms = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
connection = sqlite3.connect(database, isolation_level=None, uri=database.startswith("file:"))
connection.execute("PRAGMA journal_mode=" + mode)
connection.execute("CREATE TABLE IF NOT EXISTS t (x)")
print("ready", flush=True)
sys.stdin.readline()
for i in range(holds):
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO t VALUES (?)", (i,))
    time.sleep(hold_ms / 1000.0)
    connection.execute("COMMIT")
    time.sleep(gap_ms / 1000.0)
print("done", flush=True)
