package io.lockbench.harness.record;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Lock waits inferred from a thread's lock requests alone, for a process whose busy handler cannot be
 * seen (no SQLite API, no sleeps: see {@link LockHistory}). A wait is the span from a thread's first
 * refused request for a lock byte to the request that is granted; when none is, it ends at the last
 * refused request and counts as given up (what the program saw as {@code SQLITE_BUSY}). A blocking request
 * ({@code F_SETLKW}) that took longer than {@link #BLOCKING_WAIT_NANOS} is a wait of its own length.
 *
 * <p>SQLite's busy handler sleeps at most 100 ms between attempts; refused requests further apart than
 * {@link #GIVE_UP_GAP_NANOS} are two waits, the first given up. A thread's waits on different lock
 * bytes that follow each other at once (a read mark, then the write lock) are one wait, as the
 * program's busy handler counts it.
 */
public final class WaitLog {

    static final long GIVE_UP_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    static final long BLOCKING_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    /** A thread's waits closer together than this are one: see {@link #joined}. */
    static final long JOIN_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** One lock request as the lock-event library logged it. */
    record Request(
            long startNanos,
            long endNanos,
            long pid,
            long tid,
            int database,
            char file,
            boolean blocking,
            char type,
            long offset,
            int errno) {

        boolean refused() {
            return errno != 0;
        }

        /** What SQLite uses this lock byte for. */
        String lock() {
            return lockName(file, offset);
        }
    }

    private record Open(Request first, Request last, int attempts) {}

    /** The locks a writer waits for: WAL mode's write lock, rollback mode's RESERVED, PENDING and EXCLUSIVE. */
    static final Set<String> WRITER_LOCKS = Set.of("wal-write", "reserved", "pending", "shared");

    /** One wait: who waited, for which lock, from when, how long, and whether the lock came. */
    public record Wait(long pid, long tid, int database, String lock, long startNanos, long nanos, boolean granted) {}

    private final List<Wait> waits;
    private final long requests;

    private WaitLog(List<Wait> waits, long requests) {
        this.waits = waits;
        this.requests = requests;
    }

    static WaitLog of(List<Request> requests) {
        List<Request> sorted = new ArrayList<>(requests);
        sorted.sort(Comparator.comparingLong(Request::startNanos));
        record Key(long pid, long tid, int database, char file, long offset) {}
        Map<Key, Open> open = new HashMap<>();
        List<Wait> waits = new ArrayList<>();
        for (Request r : sorted) {
            if (r.type() == 'U') {
                continue;
            }
            if (r.blocking()) {
                long took = r.endNanos() - r.startNanos();
                if (took > BLOCKING_WAIT_NANOS) {
                    waits.add(new Wait(r.pid(), r.tid(), r.database(), r.lock(), r.startNanos(), took, !r.refused()));
                }
                continue;
            }
            Key key = new Key(r.pid(), r.tid(), r.database(), r.file(), r.offset());
            Open episode = open.get(key);
            if (episode != null && r.startNanos() - episode.last().endNanos() > GIVE_UP_GAP_NANOS) {
                if (isWait(episode)) {
                    waits.add(givenUp(episode.first(), episode.last()));
                }
                open.remove(key);
                episode = null;
            }
            if (r.refused()) {
                open.put(
                        key,
                        episode == null ? new Open(r, r, 1) : new Open(episode.first(), r, episode.attempts() + 1));
            } else if (episode != null) {
                open.remove(key);
                Request first = episode.first();
                waits.add(new Wait(
                        r.pid(),
                        r.tid(),
                        r.database(),
                        r.lock(),
                        first.startNanos(),
                        r.endNanos() - first.startNanos(),
                        true));
            }
        }
        for (Open episode : open.values()) {
            if (isWait(episode)) {
                waits.add(givenUp(episode.first(), episode.last()));
            }
        }
        return new WaitLog(List.copyOf(joined(waits)), sorted.size());
    }

    /**
     * A single refused request that is neither retried nor followed by a grant is a wait only on a
     * writer's lock: SQLite tries other locks once and moves on (a read-mark slot that is taken, the DMS
     * lock at close to see whether it is the last connection), which is no waiting.
     */
    private static boolean isWait(Open episode) {
        return episode.attempts() > 1 || WRITER_LOCKS.contains(episode.first().lock());
    }

    /**
     * A thread's waits that follow each other within {@link #JOIN_GAP_NANOS} are one wait: one statement
     * waiting first for a read mark and then for the write lock is one wait in the program's busy
     * handler. The joined wait is charged to the lock it waited on longest, and ends as its last part.
     */
    private static List<Wait> joined(List<Wait> waits) {
        List<Wait> byThread = new ArrayList<>(waits);
        byThread.sort(
                Comparator.comparingLong(Wait::pid).thenComparingLong(Wait::tid).thenComparingLong(Wait::startNanos));
        List<Wait> out = new ArrayList<>();
        Wait current = null;
        long longestPart = 0;
        for (Wait w : byThread) {
            boolean follows = current != null
                    && current.pid() == w.pid()
                    && current.tid() == w.tid()
                    && current.database() == w.database()
                    && w.startNanos() - (current.startNanos() + current.nanos()) <= JOIN_GAP_NANOS;
            if (!follows) {
                if (current != null) {
                    out.add(current);
                }
                current = w;
                longestPart = w.nanos();
                continue;
            }
            String lock = current.lock();
            if (w.nanos() > longestPart) {
                lock = w.lock();
                longestPart = w.nanos();
            }
            long end = Math.max(current.startNanos() + current.nanos(), w.startNanos() + w.nanos());
            current = new Wait(
                    w.pid(),
                    w.tid(),
                    w.database(),
                    lock,
                    current.startNanos(),
                    end - current.startNanos(),
                    w.granted());
        }
        if (current != null) {
            out.add(current);
        }
        out.sort(Comparator.comparingLong(Wait::startNanos));
        return out;
    }

    private static Wait givenUp(Request first, Request last) {
        return new Wait(
                first.pid(),
                first.tid(),
                first.database(),
                first.lock(),
                first.startNanos(),
                last.endNanos() - first.startNanos(),
                false);
    }

    public List<Wait> waits() {
        return waits;
    }

    /** The lock requests read. */
    public long requests() {
        return requests;
    }

    /**
     * The lock byte's use in SQLite's unix VFS: in the -shm file, the WAL locks from byte 120 (write,
     * checkpoint, recover, five read marks, then the DMS lock); in the database file, the PENDING,
     * RESERVED and SHARED locks at 1 GiB.
     */
    static String lockName(char file, long offset) {
        if (file == 'S') {
            int slot = (int) (offset - 120);
            return switch (slot) {
                case 0 -> "wal-write";
                case 1 -> "checkpoint";
                case 2 -> "recover";
                case 3, 4, 5, 6, 7 -> "read-mark-" + (slot - 3);
                case 8 -> "dms";
                default -> "shm-" + offset;
            };
        }
        if (file == 'D') {
            long pending = 0x40000000L;
            if (offset == pending) {
                return "pending";
            }
            if (offset == pending + 1) {
                return "reserved";
            }
            if (offset == pending + 2) {
                return "shared";
            }
            return "db-" + offset;
        }
        return (file == 'W' ? "wal-" : "journal-") + offset;
    }
}
