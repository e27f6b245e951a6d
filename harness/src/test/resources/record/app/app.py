"""A small job queue's writer: 15 jobs, each inserted in a write transaction that also does HOLD_MS of
work while it holds the lock (the kind of change a gate is there to catch)."""
import sqlite3
import time

HOLD_MS = 20

db = sqlite3.connect("app.db", isolation_level=None, timeout=10)
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)")
for job in range(15):
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO jobs (payload) VALUES (?)", ("job %d" % job,))
    time.sleep(HOLD_MS / 1000)
    db.execute("COMMIT")
    time.sleep(0.005)
