package io.lockbench.harness.record;

import io.lockbench.harness.record.LockEvents.Busy;
import io.lockbench.harness.record.LockEvents.Lock;
import io.lockbench.harness.record.LockEvents.ProcessLog;
import io.lockbench.harness.record.LockEvents.Sleep;
import io.lockbench.harness.record.LockEvents.TransactionEnd;
import io.lockbench.harness.record.LockEvents.WaitOver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What happened to one database's write lock, from the processes' own lock events: every hold as the
 * interval from the grant of the write lock to its release (one per transaction, never merged), the
 * waits of every thread, every BUSY by its result code, the runs in which one process took the lock
 * again and again while others waited, and who held the lock when someone waited or gave up.
 *
 * <p>A wait is exact where the busy handler's sleeps are seen (SQLite reached through a shared library,
 * or a library with SQLite built in): it begins at the refused request (or the first sleep) and ends at
 * the grant of the lock that follows a sleep, at the return of the call that slept, or at the BUSY the
 * call returned, which makes it given up. Elsewhere the refused requests are read as {@link WaitLog}
 * reads them.
 */
public final class LockHistory {

    /** A wait or BUSY this long or longer gets its holder named in the blame list. */
    public static final long BLAME_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** The WAL index's recovery lock in -shm: held only while the index is rebuilt. */
    private static final long RECOVER_BYTE = 122;

    private static final long SNAPSHOT_ABORT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** What a hold of the write lock was for. */
    public enum HoldKind {
        /** A write transaction (or a checkpoint that had to take the write lock, when no statement ran). */
        TRANSACTION,
        /**
         * WAL recovery: the first connection to open a WAL database whose index is not in memory rebuilds it
         * with the write, checkpoint and recovery locks held; writers wait meanwhile.
         */
        RECOVERY,
        /**
         * Taken and given back at once by a transaction whose snapshot was stale ({@code
         * SQLITE_BUSY_SNAPSHOT}): no transaction.
         */
        STALE_SNAPSHOT
    }

    /**
     * What a transaction did while it held the write lock, as the holding thread's calls counted it: syncs,
     * bytes written to the database, its WAL and its journal, write calls, and CPU time. {@link #NONE} where
     * the release was logged without them.
     */
    public record Counts(long syncs, long dbBytes, long walBytes, long journalBytes, long writes, long cpuNanos) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);

        static Counts of(TransactionEnd end) {
            return end == null
                    ? NONE
                    : new Counts(
                            end.syncs(),
                            end.dbBytes(),
                            end.walBytes(),
                            end.journalBytes(),
                            end.writes(),
                            end.cpuNanos());
        }
    }

    /**
     * One hold of the write lock, from its grant to its release. {@code firstStatement} began the
     * transaction (BEGIN and its kin aside) and {@code statements} it ran, both null / -1 where SQLite's API
     * was not seen.
     */
    public record Hold(
            long pid,
            long tid,
            long startNanos,
            long endNanos,
            String firstStatement,
            int statements,
            HoldKind kind,
            Counts counts) {
        public long nanos() {
            return endNanos - startNanos;
        }

        public boolean transaction() {
            return kind == HoldKind.TRANSACTION;
        }
    }

    /** One wait of one thread: how long, for which lock, how it ended ("granted" or a result code's name). */
    public record Wait(
            long pid,
            long tid,
            long startNanos,
            long nanos,
            String lock,
            boolean granted,
            String outcome,
            int sleeps,
            String statement,
            boolean exact) {
        public long endNanos() {
            return startNanos + nanos;
        }
    }

    /** One SQLITE_BUSY or SQLITE_LOCKED a SQLite call returned, after waiting or at once. */
    public record BusyReturn(
            long pid,
            long tid,
            long nanos,
            String code,
            int extendedCode,
            String call,
            String statement,
            long waitedNanos) {}

    /**
     * Back-to-back holds of one process while others waited: how many transactions, the span from the
     * first grant to the last release, the time held, how often the process took the lock again while a
     * waiter slept through the gap (busy-handler starvation), and who waited.
     */
    public record Run(
            long pid,
            int transactions,
            long startNanos,
            long endNanos,
            long heldNanos,
            int retakenWhileWaited,
            String firstStatement,
            List<Long> waiterPids,
            long longestWaitNanos) {
        public long spanNanos() {
            return endNanos - startNanos;
        }

        public boolean starvation() {
            return retakenWhileWaited > 0;
        }
    }

    /** Who held the lock when a thread waited or gave up. */
    public record Blame(
            String what,
            long pid,
            long nanos,
            long waitedNanos,
            long holderPid,
            long holderTid,
            String holderStatement,
            long holderHeldNanos,
            boolean holderStillHolding) {}

    private final List<Hold> holds;
    private final List<Wait> waits;
    private final List<BusyReturn> busy;
    private final List<Run> runs;
    private final List<Blame> blame;
    private final Map<Long, String> commands;
    private final Set<Long> processesWithApi;
    private final Set<Long> processesWithExactWaits;
    private final List<String> databaseFiles;
    private final int unfinishedHolds;

    private LockHistory(
            List<Hold> holds,
            List<Wait> waits,
            List<BusyReturn> busy,
            List<Run> runs,
            List<Blame> blame,
            Map<Long, String> commands,
            Set<Long> api,
            Set<Long> exactWaits,
            List<String> databaseFiles,
            int unfinished) {
        this.holds = holds;
        this.waits = waits;
        this.busy = busy;
        this.runs = runs;
        this.blame = blame;
        this.commands = commands;
        this.processesWithApi = api;
        this.processesWithExactWaits = exactWaits;
        this.databaseFiles = databaseFiles;
        this.unfinishedHolds = unfinished;
    }

    /** The history of database {@code database} (its index in the recording's list). */
    public static LockHistory of(LockEvents events, int database) {
        List<Hold> holds = new ArrayList<>();
        List<Wait> waits = new ArrayList<>();
        List<BusyReturn> busy = new ArrayList<>();
        Map<Long, String> commands = new TreeMap<>();
        Set<Long> api = new LinkedHashSet<>();
        Set<Long> exact = new LinkedHashSet<>();
        List<String> databaseFiles = new ArrayList<>();
        int unfinished = 0;
        for (ProcessLog p : events.processes()) {
            List<Lock> locks = p.locks().stream()
                    .filter(l -> l.database() == database)
                    .sorted(Comparator.comparingLong(Lock::endNanos))
                    .toList();
            boolean touched = !locks.isEmpty();
            if (!touched) {
                continue;
            }
            commands.put(p.pid(), p.command());
            if (p.sqliteApi()) {
                api.add(p.pid());
            }
            p.files().stream()
                    .filter(f -> f.database() == database && f.file() == 'D')
                    .map(LockEvents.FileSeen::identity)
                    .filter(i -> !databaseFiles.contains(i))
                    .forEach(databaseFiles::add);
            unfinished += holdsOf(p, locks, database, holds);
            List<Busy> returned = p.busy();
            if (p.sleepsVisible()) {
                exact.add(p.pid());
                waits.addAll(exactWaits(p, locks));
            } else {
                waits.addAll(inferredWaits(p, locks, database));
            }
            record Ended(long tid, long nanos) {}
            Map<Ended, Long> waitedUntil = new HashMap<>();
            for (Wait w : waits) {
                if (w.pid() == p.pid()) {
                    waitedUntil.putIfAbsent(new Ended(w.tid(), w.endNanos()), w.nanos());
                }
            }
            for (Busy b : returned) {
                long waited = waitedUntil.getOrDefault(new Ended(b.tid(), b.nanos()), 0L);
                busy.add(new BusyReturn(
                        p.pid(),
                        b.tid(),
                        b.nanos(),
                        ResultCodes.name(b.extendedCode()),
                        b.extendedCode(),
                        switch (b.call()) {
                            case 's' -> "step";
                            case 'e' -> "exec";
                            case 'p' -> "prepare";
                            default -> String.valueOf(b.call());
                        },
                        p.statement(b.statement()),
                        waited));
            }
            markAborted(p, holds);
        }
        holds.sort(Comparator.comparingLong(Hold::startNanos));
        waits.sort(Comparator.comparingLong(Wait::startNanos));
        busy.sort(Comparator.comparingLong(BusyReturn::nanos));
        List<Hold> transactions = holds.stream().filter(Hold::transaction).toList();
        List<Run> runs = runs(transactions, waits);
        List<Blame> blame = blame(transactions, waits, busy);
        return new LockHistory(
                List.copyOf(holds),
                List.copyOf(waits),
                List.copyOf(busy),
                runs,
                blame,
                commands,
                api,
                exact,
                List.copyOf(databaseFiles),
                unfinished);
    }

    /** Pairs each grant of the write lock with its release; returns how many grants were never released. */
    private static int holdsOf(ProcessLog p, List<Lock> locks, int database, List<Hold> out) {
        record Key(long tid, long nanos) {}
        Map<Key, TransactionEnd> ends = new HashMap<>();
        for (TransactionEnd e : p.transactionEnds()) {
            if (e.database() == database) {
                ends.put(new Key(e.tid(), e.nanos()), e);
            }
        }
        Lock open = null;
        boolean recovery = false;
        for (Lock l : locks) {
            if (open != null && l.file() == 'S' && l.type() == 'W' && l.granted() && l.covers(RECOVER_BYTE)) {
                recovery = true;
            }
            if (!l.writeLock() || !l.granted()) {
                continue;
            }
            if (l.type() == 'W' && open == null) {
                open = l;
                recovery = false;
            } else if (l.release() && open != null) {
                TransactionEnd end = ends.get(new Key(l.tid(), l.endNanos()));
                // held from the moment the grant returned to the moment the release was asked for
                long startNanos = open.endNanos();
                long endNanos = l.startNanos();
                out.add(new Hold(
                        p.pid(),
                        open.tid(),
                        startNanos,
                        endNanos,
                        end == null ? p.statement(open.statement()) : p.statement(end.firstStatement()),
                        end == null ? -1 : end.statements(),
                        recovery ? HoldKind.RECOVERY : HoldKind.TRANSACTION,
                        Counts.of(end)));
                open = null;
            }
        }
        return open == null ? 0 : 1;
    }

    /**
     * A hold given back at once by the thread whose call then returned SQLITE_BUSY_SNAPSHOT was no
     * transaction: SQLite took the write lock, found its snapshot stale, and let go.
     */
    private static void markAborted(ProcessLog p, List<Hold> holds) {
        for (Busy b : p.busy()) {
            if (b.extendedCode() != ResultCodes.BUSY_SNAPSHOT) {
                continue;
            }
            for (int i = holds.size() - 1; i >= 0; i--) {
                Hold h = holds.get(i);
                if (h.pid() == p.pid() && h.tid() == b.tid() && h.endNanos() <= b.nanos()) {
                    if (b.nanos() - h.endNanos() <= SNAPSHOT_ABORT_NANOS && h.statements() <= 0) {
                        holds.set(
                                i,
                                new Hold(
                                        h.pid(),
                                        h.tid(),
                                        h.startNanos(),
                                        h.endNanos(),
                                        h.firstStatement(),
                                        0,
                                        HoldKind.STALE_SNAPSHOT,
                                        h.counts()));
                    }
                    break;
                }
            }
        }
    }

    private interface ThreadEvent {
        long nanos();

        long tid();
    }

    private record Refused(long nanos, long tid, Lock lock) implements ThreadEvent {}

    private record Granted(long nanos, long tid, Lock lock) implements ThreadEvent {}

    private record Slept(long nanos, long tid, Sleep sleep) implements ThreadEvent {}

    private record Over(long nanos, long tid, WaitOver over) implements ThreadEvent {}

    private record GaveUp(long nanos, long tid, Busy busy) implements ThreadEvent {}

    /** Waits from the busy handler's sleeps, per thread, as the class comment says. */
    private static List<Wait> exactWaits(ProcessLog p, List<Lock> locks) {
        List<ThreadEvent> events = new ArrayList<>();
        for (Lock l : locks) {
            if (l.release()) {
                continue;
            }
            if (l.blocking() && l.endNanos() - l.startNanos() > WaitLog.BLOCKING_WAIT_NANOS) {
                // F_SETLKW: the kernel made it wait, no sleep of SQLite's
                events.add(new Refused(l.startNanos(), l.tid(), l));
            }
            events.add(l.granted() ? new Granted(l.endNanos(), l.tid(), l) : new Refused(l.startNanos(), l.tid(), l));
        }
        p.sleeps().forEach(s -> events.add(new Slept(s.startNanos(), s.tid(), s)));
        p.waitsOver().forEach(o -> events.add(new Over(o.nanos(), o.tid(), o)));
        p.busy().forEach(b -> events.add(new GaveUp(b.nanos(), b.tid(), b)));
        events.sort(Comparator.comparingLong(ThreadEvent::nanos));
        Map<Long, List<ThreadEvent>> byThread = new TreeMap<>();
        events.forEach(
                e -> byThread.computeIfAbsent(e.tid(), t -> new ArrayList<>()).add(e));
        List<Wait> waits = new ArrayList<>();
        for (List<ThreadEvent> thread : byThread.values()) {
            Long refusedAt = null; // the first refusal since the thread last got a lock
            String refusedLock = null;
            Long start = null; // the open wait's start, once it slept
            String lock = null;
            int sleeps = 0;
            long lastSleepEnd = 0;
            for (ThreadEvent e : thread) {
                if (e instanceof Refused r) {
                    if (refusedAt == null && start == null) {
                        refusedAt = r.nanos();
                        refusedLock = WaitLog.lockName(r.lock().file(), r.lock().offset());
                    }
                    if (r.lock().blocking() && r.lock().granted() && start == null) {
                        waits.add(new Wait(
                                p.pid(),
                                r.tid(),
                                r.lock().startNanos(),
                                r.lock().endNanos() - r.lock().startNanos(),
                                WaitLog.lockName(r.lock().file(), r.lock().offset()),
                                true,
                                "granted",
                                0,
                                p.statement(r.lock().statement()),
                                true));
                        refusedAt = null;
                    }
                } else if (e instanceof Slept s) {
                    if (start != null && s.sleep().startNanos() - lastSleepEnd > WaitLog.GIVE_UP_GAP_NANOS) {
                        // no call boundary is seen here (no API): a long quiet gap ends the last wait
                        waits.add(givenUp(p, s.tid(), start, lastSleepEnd, lock, sleeps));
                        start = null;
                        sleeps = 0;
                    }
                    if (start == null) {
                        start = refusedAt != null ? refusedAt : s.sleep().startNanos();
                        lock = refusedLock != null ? refusedLock : "in-process";
                    }
                    sleeps++;
                    lastSleepEnd = s.sleep().endNanos();
                } else if (e instanceof Granted g) {
                    String name = WaitLog.lockName(g.lock().file(), g.lock().offset());
                    // a wait for the write lock (or one inside the process, where no request is
                    // refused) ends when a writer's lock is granted; a wait for another lock when it is
                    boolean ends = start != null && (g.lock().writerLock() || name.equals(lock));
                    if (ends) {
                        waits.add(new Wait(
                                p.pid(),
                                g.tid(),
                                start,
                                g.nanos() - start,
                                lock,
                                true,
                                "granted",
                                sleeps,
                                p.statement(g.lock().statement()),
                                true));
                        start = null;
                        sleeps = 0;
                    }
                    if (start == null) {
                        refusedAt = null;
                        refusedLock = null;
                    }
                } else if (e instanceof Over o) {
                    if (start != null) {
                        waits.add(new Wait(
                                p.pid(),
                                o.tid(),
                                start,
                                o.nanos() - start,
                                lock,
                                true,
                                "granted",
                                sleeps,
                                p.statement(o.over().statement()),
                                true));
                    }
                    start = null;
                    sleeps = 0;
                    refusedAt = null;
                    refusedLock = null;
                } else if (e instanceof GaveUp b) {
                    if (start != null) {
                        waits.add(new Wait(
                                p.pid(),
                                b.tid(),
                                start,
                                b.nanos() - start,
                                lock,
                                false,
                                ResultCodes.name(b.busy().extendedCode()),
                                sleeps,
                                p.statement(b.busy().statement()),
                                true));
                    }
                    start = null;
                    sleeps = 0;
                    refusedAt = null;
                    refusedLock = null;
                }
            }
            if (start != null) {
                // the thread slept and was never seen to get the lock: it gave up (no API: no code known)
                waits.add(givenUp(p, thread.get(0).tid(), start, lastSleepEnd, lock, sleeps));
            }
        }
        return waits;
    }

    private static Wait givenUp(ProcessLog p, long tid, long start, long end, String lock, int sleeps) {
        return new Wait(p.pid(), tid, start, Math.max(0, end - start), lock, false, "given up", sleeps, null, true);
    }

    /** Where the busy handler cannot be seen: the refused requests, read as {@link WaitLog} reads them. */
    private static List<Wait> inferredWaits(ProcessLog p, List<Lock> locks, int database) {
        List<WaitLog.Request> requests = new ArrayList<>();
        for (Lock l : locks) {
            requests.add(new WaitLog.Request(
                    l.startNanos(),
                    l.endNanos(),
                    p.pid(),
                    l.tid(),
                    database,
                    l.file(),
                    l.blocking(),
                    l.type(),
                    l.offset(),
                    l.errno()));
        }
        List<Wait> waits = new ArrayList<>();
        for (WaitLog.Wait w : WaitLog.of(requests).waits()) {
            waits.add(new Wait(
                    w.pid(),
                    w.tid(),
                    w.startNanos(),
                    w.nanos(),
                    w.lock(),
                    w.granted(),
                    w.granted() ? "granted" : "given up",
                    0,
                    null,
                    false));
        }
        return waits;
    }

    /**
     * Runs of holds by one process with no other process's hold between them, that someone waited
     * through; longest span first.
     */
    static List<Run> runs(List<Hold> holds, List<Wait> waits) {
        // waits come sorted by start: those that can overlap [from, to) start at most the longest wait before it
        long longestWait = waits.stream().mapToLong(Wait::nanos).max().orElse(0);
        List<Run> runs = new ArrayList<>();
        int i = 0;
        while (i < holds.size()) {
            int j = i;
            while (j + 1 < holds.size()
                    && holds.get(j + 1).pid() == holds.get(i).pid()) {
                j++;
            }
            Hold first = holds.get(i);
            Hold last = holds.get(j);
            long pid = first.pid();
            Set<Long> waiters = new LinkedHashSet<>();
            long longest = 0;
            List<Wait> during = new ArrayList<>();
            for (int w = firstStartingAtOrAfter(waits, first.startNanos() - longestWait);
                    w < waits.size() && waits.get(w).startNanos() < last.endNanos();
                    w++) {
                Wait wait = waits.get(w);
                boolean other = wait.pid() != pid || wait.tid() != first.tid();
                if (other && wait.endNanos() > first.startNanos()) {
                    waiters.add(wait.pid());
                    longest = Math.max(longest, wait.nanos());
                    during.add(wait);
                }
            }
            if (!waiters.isEmpty()) {
                long held = 0;
                int retaken = 0;
                for (int k = i; k <= j; k++) {
                    held += holds.get(k).nanos();
                    if (k > i) {
                        long gapStart = holds.get(k - 1).endNanos();
                        long gapEnd = holds.get(k).startNanos();
                        boolean sleptThrough = false;
                        for (Wait w : during) {
                            if (w.startNanos() <= gapStart && w.endNanos() >= gapEnd) {
                                sleptThrough = true;
                                break;
                            }
                        }
                        retaken += sleptThrough ? 1 : 0;
                    }
                }
                runs.add(new Run(
                        pid,
                        j - i + 1,
                        first.startNanos(),
                        last.endNanos(),
                        held,
                        retaken,
                        first.firstStatement(),
                        List.copyOf(waiters),
                        longest));
            }
            i = j + 1;
        }
        runs.sort(Comparator.comparingLong(Run::spanNanos).reversed());
        return List.copyOf(runs);
    }

    /** The index of the first wait that starts at or after {@code t} (waits sorted by start). */
    private static int firstStartingAtOrAfter(List<Wait> waits, long t) {
        int low = 0;
        int high = waits.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (waits.get(mid).startNanos() < t) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * The index of the first hold that ends after {@code t}: one writer holds the lock at a time, so holds
     * sorted by their grant are sorted by their release too.
     */
    private static int firstEndingAfter(List<Hold> holds, long t) {
        int low = 0;
        int high = holds.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (holds.get(mid).endNanos() <= t) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * The holder of the lock for every BUSY and every wait of {@link #BLAME_NANOS} or more: the hold that
     * overlapped the wait most, or for a BUSY at once (a stale snapshot) the transaction that committed
     * last before it.
     */
    static List<Blame> blame(List<Hold> holds, List<Wait> waits, List<BusyReturn> busy) {
        List<Blame> out = new ArrayList<>();
        for (Wait w : waits) {
            if (w.nanos() < BLAME_NANOS || !w.granted()) {
                continue; // given-up waits are blamed through their BUSY
            }
            Hold holder = mostOverlapping(holds, w.pid(), w.tid(), w.startNanos(), w.endNanos());
            if (holder != null) {
                out.add(blameOf("wait", w.pid(), w.endNanos(), w.nanos(), holder));
            }
        }
        for (BusyReturn b : busy) {
            long from = b.nanos() - b.waitedNanos();
            Hold holder = b.waitedNanos() > 0 ? mostOverlapping(holds, b.pid(), b.tid(), from, b.nanos()) : null;
            if (holder == null) {
                holder = heldAt(holds, b.pid(), b.tid(), b.nanos());
            }
            if (holder == null) {
                holder = lastBefore(holds, b.pid(), b.tid(), b.nanos());
            }
            if (holder != null) {
                out.add(blameOf(b.code(), b.pid(), b.nanos(), b.waitedNanos(), holder));
            }
        }
        out.sort(Comparator.comparingLong(Blame::nanos));
        return List.copyOf(out);
    }

    private static Blame blameOf(String what, long pid, long at, long waited, Hold h) {
        boolean still = h.startNanos() <= at && at < h.endNanos();
        return new Blame(
                what,
                pid,
                at,
                waited,
                h.pid(),
                h.tid(),
                h.firstStatement(),
                still ? at - h.startNanos() : h.nanos(),
                still);
    }

    private static boolean otherThread(Hold h, long pid, long tid) {
        return h.pid() != pid || h.tid() != tid;
    }

    private static Hold mostOverlapping(List<Hold> holds, long pid, long tid, long from, long to) {
        Hold best = null;
        long bestOverlap = 0;
        for (int i = firstEndingAfter(holds, from); i < holds.size(); i++) {
            Hold h = holds.get(i);
            if (h.startNanos() >= to) {
                break;
            }
            long overlap = Math.min(to, h.endNanos()) - Math.max(from, h.startNanos());
            if (overlap > bestOverlap && otherThread(h, pid, tid)) {
                best = h;
                bestOverlap = overlap;
            }
        }
        return best;
    }

    private static Hold heldAt(List<Hold> holds, long pid, long tid, long at) {
        for (int i = firstEndingAfter(holds, at); i < holds.size(); i++) {
            Hold h = holds.get(i);
            if (h.startNanos() > at) {
                break;
            }
            if (otherThread(h, pid, tid)) {
                return h;
            }
        }
        return null;
    }

    private static Hold lastBefore(List<Hold> holds, long pid, long tid, long at) {
        for (int i = firstEndingAfter(holds, at) - 1; i >= 0; i--) {
            Hold h = holds.get(i);
            if (otherThread(h, pid, tid)) {
                return h;
            }
        }
        return null;
    }

    /** Every hold, in order of its grant, of every {@link HoldKind}. */
    public List<Hold> holds() {
        return holds;
    }

    /** The holds that were write transactions (no recovery, no grant given back for a stale snapshot). */
    public List<Hold> transactions() {
        return holds.stream().filter(Hold::transaction).toList();
    }

    public List<Wait> waits() {
        return waits;
    }

    public List<BusyReturn> busy() {
        return busy;
    }

    /** Runs someone waited through, longest span first. */
    public List<Run> runs() {
        return runs;
    }

    public List<Blame> blame() {
        return blame;
    }

    /** The command line of every process that locked this database, by pid. */
    public Map<Long, String> commands() {
        return commands;
    }

    public String command(long pid) {
        return commands.getOrDefault(pid, "");
    }

    /** The processes whose SQLite calls were seen (statements and result codes). */
    public Set<Long> processesWithApi() {
        return processesWithApi;
    }

    /** The processes whose waits come from the busy handler's sleeps, not inferred from refusals. */
    public Set<Long> processesWithExactWaits() {
        return processesWithExactWaits;
    }

    /** The database files seen under the watched path, one inode each: more than one means it was replaced. */
    public List<String> databaseFiles() {
        return databaseFiles;
    }

    /** Grants of the write lock whose release was never logged (a process killed while holding it). */
    public int unfinishedHolds() {
        return unfinishedHolds;
    }
}
