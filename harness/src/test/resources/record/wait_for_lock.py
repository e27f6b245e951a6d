"""Waits for "go" on stdin, then writes once, waiting for the write lock as long as it takes (up to 10 s).
Prints its own measure of the wait: from the first attempt to the lock, in ms."""
import sqlite3
import sys
import time

db = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
print("ready", flush=True)
sys.stdin.readline()
started = time.monotonic()
db.execute("BEGIN IMMEDIATE")
waited = (time.monotonic() - started) * 1000
db.execute("INSERT INTO t VALUES (1)")
db.execute("COMMIT")
print("waited %.3f" % waited, flush=True)
