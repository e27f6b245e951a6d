"""Tries to write N times without waiting while another process holds the write lock, printing each
refusal as an application would log it, then exits 0."""
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
for attempt in range(int(sys.argv[2])):
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("COMMIT")
        print("attempt %d: wrote" % attempt, flush=True)
    except sqlite3.OperationalError as e:
        print("attempt %d: sqlite3.OperationalError: %s" % (attempt, e), file=sys.stderr, flush=True)
print("done", flush=True)
