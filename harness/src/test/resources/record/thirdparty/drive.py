"""Drives a third-party library that keeps its state in SQLite from several processes, as its
documentation suggests, and prints what the program itself saw as one JSON line: the operations it
did and the SQLite errors it caught, by SQLite's own error name (Python 3.11's sqlite_errorname).

    drive.py diskcache DIR PROCESSES OPERATIONS
    drive.py persistqueue DIR PRODUCERS CONSUMERS ITEMS
    drive.py sqlitedict FILE PROCESSES OPERATIONS
    drive.py snapshot FILE PROCESSES OPERATIONS   (deferred read-then-write transactions)
    drive.py starve FILE PROCESSES OPERATIONS     (10 ms of work inside each transaction)
    drive.py replace FILE ROUNDS TRANSACTIONS     (the database deleted, created again, renamed over)

Every worker opens its connection before a barrier, one worker at a time, so that the contention (and
every error the program catches) comes after it: a library that retries BUSY inside its own set-up
(diskcache does) would otherwise catch errors this program never sees.
"""
import json
import multiprocessing as mp
import sqlite3
import sys
import time


def sqlite_error(e):
    """The sqlite3.Error behind an exception (a library may raise its own from it), or None."""
    while e is not None:
        if isinstance(e, sqlite3.Error):
            return e
        e = e.__cause__ or e.__context__
    return None


def caught(counts, e):
    err = sqlite_error(e)
    if err is None:
        raise e
    name = getattr(err, "sqlite_errorname", "SQLITE_BUSY")
    counts[name] = counts.get(name, 0) + 1


def diskcache_worker(i, path, ops, opening, barrier, out):
    import diskcache

    with opening:
        cache = diskcache.Cache(path, timeout=0.005)
        cache.get("warm-up")  # opens this process's connection
    done, errors = 0, {}
    barrier.wait()
    for k in range(ops):
        try:
            if k % 3 == 0:
                cache.incr("counter", 1, default=0)
            else:
                cache.set("key-%d-%d" % (i, k % 50), "v" * 100)
            done += 1
        except diskcache.Timeout as e:
            caught(errors, e)
    out.put((done, errors))


def persistqueue_producer(path, items, opening, barrier, out):
    import persistqueue

    with opening:
        q = persistqueue.SQLiteQueue(path, multithreading=True, timeout=0.005, auto_commit=True)
    done, errors = 0, {}
    barrier.wait()
    for k in range(items):
        try:
            q.put({"job": k})
            done += 1
        except sqlite3.OperationalError as e:
            caught(errors, e)
    out.put((done, errors))


def persistqueue_consumer(path, items, opening, barrier, out):
    import persistqueue

    with opening:
        q = persistqueue.SQLiteQueue(path, multithreading=True, timeout=0.005, auto_commit=True)
    done, errors = 0, {}
    barrier.wait()
    deadline = time.monotonic() + 30
    while done < items and time.monotonic() < deadline:
        try:
            q.get(block=False)
            done += 1
        except persistqueue.Empty:
            time.sleep(0.001)
        except sqlite3.OperationalError as e:
            caught(errors, e)
    out.put((done, errors))


def sqlitedict_worker(i, path, ops, opening, barrier, out):
    from sqlitedict import SqliteDict

    done, errors = 0, {}
    with opening:
        d = SqliteDict(path, tablename="kv", autocommit=True, timeout=30)
        len(d)  # opens the connection
    with d:
        barrier.wait()
        for k in range(ops):
            d["key-%d-%d" % (i, k)] = {"n": k}
            done += 1
    out.put((done, errors))


def snapshot_worker(i, path, ops, opening, barrier, out):
    with opening:
        db = sqlite3.connect(path, timeout=2, isolation_level=None)
        db.execute("SELECT 1 FROM counter").fetchall()
    done, errors = 0, {}
    barrier.wait()
    for k in range(ops):
        try:
            db.execute("BEGIN")
            (n,) = db.execute("SELECT n FROM counter WHERE id = 1").fetchone()
            time.sleep(0.0005)
            db.execute("UPDATE counter SET n = ? WHERE id = 1", (n + 1,))
            db.execute("COMMIT")
            done += 1
        except sqlite3.OperationalError as e:
            caught(errors, e)
            db.execute("ROLLBACK")
    out.put((done, errors))


def starve_worker(i, path, ops, opening, barrier, out):
    with opening:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
        db.execute("SELECT 1 FROM t").fetchall()
    done, errors = 0, {}
    barrier.wait()
    for k in range(ops):
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t (v) VALUES (?)", ("worker %d op %d" % (i, k),))
        time.sleep(0.01)  # the work a program does inside its transaction
        db.execute("COMMIT")
        done += 1
    out.put((done, errors))


def fresh(path):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)")
    return db


def write(db, n, label):
    for k in range(n):
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t (v) VALUES (?)", ("%s %d" % (label, k),))
        db.execute("COMMIT")


def replace(path, rounds, n):
    """Each round uses a new file under the same path: deleted and created again, or renamed over it."""
    import os

    for r in range(rounds):
        if r % 2 == 1:
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
            db = fresh(path)
        elif r > 0:
            other = path + ".new"
            seed = fresh(other)
            seed.close()
            os.replace(other, path)
            for suffix in ("-wal", "-shm"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
            db = fresh(path)
        else:
            db = fresh(path)
        write(db, n, "round %d" % r)
        db.close()
    print(json.dumps({"operations": rounds * n, "caught": {}}), flush=True)


def run(workers):
    opening = mp.Lock()
    barrier = mp.Barrier(len(workers))
    out = mp.Queue()
    procs = [mp.Process(target=target, args=args + (opening, barrier, out)) for target, args in workers]
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    errors = {}
    for _, e in results:
        for name, n in e.items():
            errors[name] = errors.get(name, 0) + n
    print(json.dumps({"operations": sum(d for d, _ in results), "caught": errors}), flush=True)


def main():
    kind, path = sys.argv[1], sys.argv[2]
    nums = [int(a) for a in sys.argv[3:]]
    if kind == "diskcache":
        import diskcache

        diskcache.Cache(path).close()  # created before the workers start
        run([(diskcache_worker, (i, path, nums[1])) for i in range(nums[0])])
    elif kind == "persistqueue":
        import persistqueue

        persistqueue.SQLiteQueue(path, multithreading=True)
        producers, consumers, items = nums
        per = items // producers
        run([(persistqueue_producer, (path, per)) for _ in range(producers)]
            + [(persistqueue_consumer, (path, per * producers // consumers)) for _ in range(consumers)])
    elif kind == "sqlitedict":
        from sqlitedict import SqliteDict

        with SqliteDict(path, tablename="kv", autocommit=True) as d:
            d["created"] = True
        run([(sqlitedict_worker, (i, path, nums[1])) for i in range(nums[0])])
    elif kind == "snapshot":
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, n INTEGER)")
        db.execute("INSERT OR IGNORE INTO counter VALUES (1, 0)")
        db.close()
        run([(snapshot_worker, (i, path, nums[1])) for i in range(nums[0])])
    elif kind == "starve":
        fresh(path).close()
        run([(starve_worker, (i, path, nums[1])) for i in range(nums[0])])
    elif kind == "replace":
        replace(path, nums[0], nums[1])
    else:
        sys.exit("unknown kind " + kind)


if __name__ == "__main__":
    main()
