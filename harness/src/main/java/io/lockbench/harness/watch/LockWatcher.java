package io.lockbench.harness.watch;

import io.lockbench.store.lock.LockTable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Samples the lock table for one database and turns the samples into what a person tuning locks
 * asks: who holds the write lock now and for how long, how long each process holds it (a histogram
 * per process), the longest holds, checkpoints, time with a writer waiting in the kernel, and WAL
 * growth while read marks pin the log. Never opens the database and never takes a lock.
 */
public final class LockWatcher {

    /** Told about each change as it is seen, on the sampling thread. */
    public interface Listener {
        default void acquired(Holder holder, Instant at) {}

        default void released(Hold hold) {}

        default void checkpoint(Holder holder, Instant start, long nanos) {}

        default void sampled(LockState state) {}

        /** The database path was found removed or replaced by another file; the watch goes on with the old one. */
        default void pathChanged(DatabaseFiles.PathChange change, Instant at) {}
    }

    public static final int TOP_HOLDS = 20;
    /** The longest the watch sleeps without asking whether to stop. */
    static final long STOP_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final long HIGHEST_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final long REFRESH_FILES_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * A -shm file without locks is normal for a moment (a connection opening, or the last one closing
     * before it deletes the file); only this long without a lock makes the locks "not visible".
     */
    static final long NOT_VISIBLE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DatabaseFiles files;
    private final LockTable table;
    private final Clock clock;
    private final Listener listener;
    private final LongSupplier ticker;
    private final Map<Long, Holder> holders = new HashMap<>();
    private final Map<Long, Histogram> holdsByPid = new TreeMap<>();
    /** Per pid, nanoseconds of write-lock hold in each second since the first sample. */
    private final Map<Long, TreeMap<Long, Long>> heldPerSecond = new TreeMap<>();

    /** Seconds the timeline keeps (a day): a longer watch keeps its histograms, not its timeline's tail. */
    static final long TIMELINE_SECONDS = 86_400;

    private final PriorityQueue<Hold> longest = new PriorityQueue<>(Comparator.comparingLong(Hold::nanos));

    /**
     * A pause of the watch longer than this while one process held the lock splits its hold: the
     * process may have released and taken the lock again unseen, so one hold is never claimed across it.
     */
    private long splitNanos = MIN_SPLIT_NANOS;

    static final long MIN_SPLIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private long samples;
    private long splits;
    private long lockSeenAt = -1;
    private long writesWithoutLock;
    private String lastStamp;
    private long filesRefreshedAtBefore;
    private boolean dotLockSeen;
    private Instant pathChangedAt;
    private long maxGapNanos;
    private long firstSampleAt;
    private long lastSampleAt;
    private long filesRefreshedAt;
    /** The WAL's size is a stat of its own; a few per second are plenty for a size. */
    private static final long WAL_SIZE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private long walReadAt;
    private long walBytes;

    private final Occupancy writer = new Occupancy(true);
    private final Occupancy checkpointer = new Occupancy(false);
    private long checkpoints;
    private long checkpointNanos;
    private long waitingNanos;
    private long walGrowthPinnedBytes;
    private long lastWalBytes = -1;
    private boolean everNotVisible;
    private long notVisibleSince = -1;
    private LockState last;
    private List<LockTable.Entry> lastEntries;

    public LockWatcher(DatabaseFiles files, LockTable table, Clock clock, Listener listener) {
        this(files, table, clock, listener, System::nanoTime);
    }

    /** With a ticker of its own, for tests that step time instead of sleeping. */
    LockWatcher(DatabaseFiles files, LockTable table, Clock clock, Listener listener, LongSupplier ticker) {
        this.files = files;
        this.table = table;
        this.clock = clock;
        this.listener = listener;
        this.ticker = ticker;
    }

    /**
     * Samples every {@code interval} until {@code stop} says so; the sampling runs on the calling
     * thread. {@code stop} is asked at least every {@link #STOP_CHECK_NANOS} however long the interval,
     * so a signal or a deadline ends the watch promptly.
     */
    public void run(Duration interval, BooleanSupplier stop) throws IOException {
        long step = interval.toNanos();
        splitNanos = Math.max(MIN_SPLIT_NANOS, 20 * step);
        long next = ticker.getAsLong();
        boolean stopped = stop.getAsBoolean();
        while (!stopped) {
            sample();
            next += step;
            long now = ticker.getAsLong();
            if (next < now) {
                next = now; // fell behind: do not try to catch up with a burst of samples
            }
            stopped = stop.getAsBoolean();
            while (!stopped && now < next) {
                LockSupport.parkNanos(Math.min(next - now, STOP_CHECK_NANOS));
                now = ticker.getAsLong();
                stopped = stop.getAsBoolean();
            }
        }
        finish();
    }

    /** Takes one sample now. */
    public void sample() throws IOException {
        long now = ticker.getAsLong();
        boolean refreshed = false;
        if (samples == 0 || now - filesRefreshedAt >= REFRESH_FILES_NANOS) {
            files.refresh();
            filesRefreshedAt = now;
            refreshed = true;
            afterRefresh(now);
        }
        List<LockTable.Entry> entries = table.read(files::isOneOf);
        long at = ticker.getAsLong();
        if (samples == 0 || at - walReadAt >= WAL_SIZE_EVERY_NANOS) {
            walBytes = files.walBytes();
            walReadAt = at;
        }
        long wal = walBytes;
        // The same lines as the last sample, of the same files: the same state (a sample costs a read).
        LockState state = !refreshed && entries == lastEntries && last != null && wal == last.walBytes()
                ? last
                : LockState.of(entries, files, wal);
        lastEntries = entries;
        if (samples == 0) {
            firstSampleAt = at;
        } else {
            maxGapNanos = Math.max(maxGapNanos, at - lastSampleAt);
        }
        writer.observe(state.writer(), at);
        checkpointer.observe(state.checkpointer(), at);
        if (state.writer() >= 0
                || !state.connections().isEmpty()
                || !state.readers().isEmpty()) {
            lockSeenAt = at;
        }
        if (last != null && !last.waiting().isEmpty()) {
            waitingNanos += at - lastSampleAt;
        }
        if (lastWalBytes >= 0 && wal > lastWalBytes && !state.readers().isEmpty()) {
            walGrowthPinnedBytes += wal - lastWalBytes;
        }
        if (!state.notVisible()) {
            notVisibleSince = -1;
        } else if (notVisibleSince < 0) {
            notVisibleSince = at;
        } else if (at - notVisibleSince >= NOT_VISIBLE_AFTER_NANOS) {
            everNotVisible = true;
        }
        lastWalBytes = wal;
        lastSampleAt = at;
        samples++;
        last = state;
        listener.sampled(state);
    }

    /**
     * What the files said since the last look: a path that no longer names the database, a dotfile
     * lock, and writes (a new modification time or size, a journal) in a window where no lock on the
     * database was seen at all.
     */
    private void afterRefresh(long now) {
        if (pathChangedAt == null && files.pathChange() != DatabaseFiles.PathChange.NONE) {
            pathChangedAt = instant(now);
            listener.pathChanged(files.pathChange(), pathChangedAt);
        }
        if (files.dotLockExists()) {
            dotLockSeen = true;
        }
        String stamp = files.contentStamp();
        if (lastStamp != null && !stamp.equals(lastStamp)) {
            if (lockSeenAt < filesRefreshedAtBefore) {
                writesWithoutLock++;
            }
        }
        lastStamp = stamp;
        filesRefreshedAtBefore = now;
    }

    /**
     * Who holds one lock over the samples, and when each holder's turn began: its start is estimated
     * at the middle between the last sample without it and the first with it, and its end likewise.
     * Its resolution is the longest sample gap at its ends or inside it; a gap longer than
     * {@link #splitNanos} ends the hold there and begins another.
     */
    private final class Occupancy {
        private final boolean writeLock;
        private long pid = -1;
        private long start;
        private long resolution;

        Occupancy(boolean writeLock) {
            this.writeLock = writeLock;
        }

        void observe(long now, long at) {
            long gap = samples == 0 ? 0 : at - lastSampleAt;
            if (now == pid) {
                if (now >= 0 && gap > splitNanos) {
                    ended(at, gap);
                    if (writeLock) {
                        splits++;
                    }
                    begin(now, at, gap);
                } else if (now >= 0) {
                    resolution = Math.max(resolution, gap);
                }
                return;
            }
            if (pid >= 0) {
                ended(at, gap);
            }
            pid = now;
            if (now >= 0) {
                begin(now, at, gap);
            }
        }

        private void begin(long now, long at, long gap) {
            start = samples == 0 ? at : middle(lastSampleAt, at);
            resolution = gap;
            if (writeLock) {
                listener.acquired(holder(now), instant(start));
            }
        }

        private void ended(long at, long gap) {
            long nanos = Math.max(0, middle(lastSampleAt, at) - start);
            if (!writeLock) {
                checkpoints++;
                checkpointNanos += nanos;
                listener.checkpoint(holder(pid), instant(start), nanos);
                return;
            }
            Hold hold = new Hold(holder(pid), instant(start), nanos, Math.max(resolution, gap));
            holdsByPid
                    .computeIfAbsent(pid, p -> new Histogram(1, HIGHEST_NANOS, 3))
                    .recordValue(Math.max(1, Math.min(HIGHEST_NANOS, nanos)));
            timeline(pid, start, start + nanos);
            longest.add(hold);
            if (longest.size() > TOP_HOLDS) {
                longest.poll();
            }
            listener.released(hold);
        }
    }

    /** Spreads the hold from {@code from} to {@code to} (ticker nanoseconds) over the seconds it covers. */
    private void timeline(long pid, long from, long to) {
        TreeMap<Long, Long> seconds = heldPerSecond.computeIfAbsent(pid, p -> new TreeMap<>());
        long second = Math.max(0, (from - firstSampleAt) / 1_000_000_000L);
        long at = Math.max(from, firstSampleAt);
        while (at < to && second < TIMELINE_SECONDS) {
            long secondEnds = firstSampleAt + (second + 1) * 1_000_000_000L;
            long until = Math.min(to, secondEnds);
            seconds.merge(second, until - at, Long::sum);
            at = until;
            second++;
        }
    }

    /** Per pid, milliseconds of hold in each second of the watch (element i: second i). */
    public Map<Long, double[]> heldMsPerSecond() {
        long last = heldPerSecond.values().stream()
                .filter(m -> !m.isEmpty())
                .mapToLong(TreeMap::lastKey)
                .max()
                .orElse(-1);
        Map<Long, double[]> timeline = new TreeMap<>();
        heldPerSecond.forEach((pid, seconds) -> {
            double[] ms = new double[(int) last + 1];
            seconds.forEach((second, nanos) -> ms[second.intValue()] = nanos / 1e6);
            timeline.put(pid, ms);
        });
        return timeline;
    }

    /** Ends what is still open (a hold still held when the watch stops is counted up to now). */
    public void finish() {
        if (samples == 0) {
            return;
        }
        long at = lastSampleAt + Math.max(1, maxGapNanos);
        writer.observe(-1, at);
        checkpointer.observe(-1, at);
    }

    private Holder holder(long pid) {
        return holders.computeIfAbsent(pid, Holder::of);
    }

    private static long middle(long a, long b) {
        return a == 0 ? b : a + (b - a) / 2;
    }

    private Instant instant(long nanoTime) {
        return clock.instant().minusNanos(ticker.getAsLong() - nanoTime);
    }

    // --- what the watch saw ---

    public LockState last() {
        return last;
    }

    public long samples() {
        return samples;
    }

    public long watchedNanos() {
        return samples < 2 ? 0 : lastSampleAt - firstSampleAt;
    }

    /** The longest time between two samples: no hold shorter than this is certain to be seen. */
    public long maxGapNanos() {
        return maxGapNanos;
    }

    public Map<Long, Histogram> holdsByPid() {
        return holdsByPid;
    }

    public Holder holderOf(long pid) {
        return holder(pid);
    }

    /** The longest holds, longest first. */
    public List<Hold> longestHolds() {
        List<Hold> list = new ArrayList<>(longest);
        list.sort(Comparator.comparingLong(Hold::nanos).reversed());
        return list;
    }

    public long checkpoints() {
        return checkpoints;
    }

    public long checkpointNanos() {
        return checkpointNanos;
    }

    public long waitingNanos() {
        return waitingNanos;
    }

    public long walGrowthPinnedBytes() {
        return walGrowthPinnedBytes;
    }

    /** Whether some locks of the database were not visible in the lock table: see {@link #notVisibleReason()}. */
    public boolean everNotVisible() {
        return notVisibleReason() != null;
    }

    /**
     * Why the lock table cannot be the whole truth about this database, or null when nothing says so:
     * a -shm file without locks for {@link #NOT_VISIBLE_AFTER_NANOS}, a dotfile lock, or writes to
     * the database outnumbering the holds seen, in windows where no lock on it was seen at all.
     */
    public String notVisibleReason() {
        if (dotLockSeen) {
            return "a " + files.database().getFileName() + ".lock directory was seen: SQLite's unix-dotfile VFS locks"
                    + " with it, not with POSIX locks, so its holds are not in the kernel's lock table";
        }
        if (everNotVisible) {
            return "the database was in use (a -shm file) but no process showed a lock on it; its connections may"
                    + " be in another mount or pid namespace, or use a VFS without POSIX locks (unix-dotfile,"
                    + " unix-none)";
        }
        long holds = 0;
        for (Histogram h : holdsByPid.values()) {
            holds += h.getTotalCount();
        }
        if (writesWithoutLock >= 2 && writesWithoutLock > holds) {
            return "the database was written " + writesWithoutLock + " times while no process showed any lock on"
                    + " it (" + holds + " holds seen): its writers use a VFS without POSIX locks (unix-none,"
                    + " unix-dotfile), run in another mount or pid namespace, or hold the lock for less than the"
                    + " sample gap";
        }
        return null;
    }

    /** Times the database's files changed (a write, a journal) while no lock on it was seen. */
    public long writesWithoutVisibleLock() {
        return writesWithoutLock;
    }

    /** Holds split at a pause of the watch longer than the split threshold (see {@link #splitNanos()}). */
    public long splitHolds() {
        return splits;
    }

    /** The longest pause across which one hold is still claimed. */
    public long splitNanos() {
        return splitNanos;
    }

    /** What became of the database path, and when it was seen ({@code null} while unchanged). */
    public DatabaseFiles.PathChange pathChange() {
        return files.pathChange();
    }

    public Instant pathChangedAt() {
        return pathChangedAt;
    }

    /** The same, now. */
    public boolean notVisibleNow() {
        return notVisibleSince >= 0 && lastSampleAt - notVisibleSince >= NOT_VISIBLE_AFTER_NANOS;
    }
}
