package io.lockbench.harness.watch;

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
    }

    public static final int TOP_HOLDS = 20;
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
    private final Map<Long, Holder> holders = new HashMap<>();
    private final Map<Long, Histogram> holdsByPid = new TreeMap<>();
    private final PriorityQueue<Hold> longest = new PriorityQueue<>(Comparator.comparingLong(Hold::nanos));

    private long samples;
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
        this.files = files;
        this.table = table;
        this.clock = clock;
        this.listener = listener;
    }

    /** Samples every {@code interval} until {@code stop} says so; the sampling runs on the calling thread. */
    public void run(Duration interval, BooleanSupplier stop) throws IOException {
        long step = interval.toNanos();
        long next = System.nanoTime();
        while (!stop.getAsBoolean()) {
            sample();
            next += step;
            long now = System.nanoTime();
            if (next < now) {
                next = now; // fell behind: do not try to catch up with a burst of samples
            } else {
                LockSupport.parkNanos(next - now);
            }
        }
        finish();
    }

    /** Takes one sample now. */
    public void sample() throws IOException {
        long now = System.nanoTime();
        boolean refreshed = false;
        if (samples == 0 || now - filesRefreshedAt >= REFRESH_FILES_NANOS) {
            files.refresh();
            filesRefreshedAt = now;
            refreshed = true;
        }
        List<LockTable.Entry> entries = table.read(files::isOneOf);
        long at = System.nanoTime();
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
     * Who holds one lock over the samples, and when each holder's turn began: its start is estimated
     * at the middle between the last sample without it and the first with it, and its end likewise.
     */
    private final class Occupancy {
        private final boolean writeLock;
        private long pid = -1;
        private long firstSeen;
        private long lastAbsent;

        Occupancy(boolean writeLock) {
            this.writeLock = writeLock;
        }

        void observe(long now, long at) {
            if (now == pid) {
                if (now < 0) {
                    lastAbsent = at;
                }
                return;
            }
            if (pid >= 0) {
                ended(at);
            }
            pid = now;
            if (now >= 0) {
                firstSeen = at;
                if (writeLock) {
                    listener.acquired(holder(now), instant(middle(lastAbsent, at)));
                }
            }
            lastAbsent = at;
        }

        private void ended(long at) {
            long start = middle(lastAbsent, firstSeen);
            long nanos = Math.max(0, middle(lastSampleAt, at) - start);
            if (!writeLock) {
                checkpoints++;
                checkpointNanos += nanos;
                listener.checkpoint(holder(pid), instant(start), nanos);
                return;
            }
            Hold hold = new Hold(holder(pid), instant(start), nanos, at - lastSampleAt);
            holdsByPid
                    .computeIfAbsent(pid, p -> new Histogram(1, HIGHEST_NANOS, 3))
                    .recordValue(Math.max(1, Math.min(HIGHEST_NANOS, nanos)));
            longest.add(hold);
            if (longest.size() > TOP_HOLDS) {
                longest.poll();
            }
            listener.released(hold);
        }
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
        return clock.instant().minusNanos(System.nanoTime() - nanoTime);
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

    /** The database looked in use with no visible lock for at least {@link #NOT_VISIBLE_AFTER_NANOS} at some point. */
    public boolean everNotVisible() {
        return everNotVisible;
    }

    /** The same, now. */
    public boolean notVisibleNow() {
        return notVisibleSince >= 0 && lastSampleAt - notVisibleSince >= NOT_VISIBLE_AFTER_NANOS;
    }
}
