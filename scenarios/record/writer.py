"""A closed-loop SQLite writer: N one-row write transactions as fast as they go; prints its own rate."""
import sqlite3
import sys
import time

db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=NORMAL")
db.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)")
n = int(sys.argv[2])
start = time.monotonic()
for i in range(n):
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO t (v) VALUES (?)", ("x",))
    db.execute("COMMIT")
print("tx/s %.0f" % (n / (time.monotonic() - start)))
