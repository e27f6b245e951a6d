"""A small job queue's writer, the example program of scenarios/record/count-gate-study.sh: 30 jobs, each
inserted in a write transaction that also does some CPU work and waits (as for a network call) while it
holds the lock. The knobs below are what a child commit changes there, one at a time."""
import sqlite3
import time

SYNCHRONOUS = "NORMAL"  # FULL: one more sync on every commit
EXTRA_UPDATE = False  # True: one more statement inside every transaction
SPLIT = False  # True: each job in two transactions instead of one
CPU_MS = 4  # CPU work while holding the lock
SLEEP_MS = 4  # a wait while holding the lock


def spin(ms):
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass


db = sqlite3.connect("queue.db", isolation_level=None, timeout=10)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=" + SYNCHRONOUS)
db.execute("CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY, payload TEXT NOT NULL, state TEXT)")
for job in range(30):
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO jobs (payload, state) VALUES (?, 'new')", ("job %d" % job,))
    if SPLIT:
        db.execute("COMMIT")
        db.execute("BEGIN IMMEDIATE")
    if EXTRA_UPDATE or SPLIT:
        db.execute("UPDATE jobs SET state = 'queued' WHERE id = last_insert_rowid()")
    spin(CPU_MS)
    time.sleep(SLEEP_MS / 1000)
    db.execute("COMMIT")
