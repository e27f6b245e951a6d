package io.lockbench.harness.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.store.lock.LockTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch that pauses (a stalled machine, a long GC) cannot know what happened in the pause: a hold
 * is never claimed across a pause longer than the split threshold, and every hold reports as its
 * resolution the longest sample gap at its ends or inside it. Driven sample by sample over a lock
 * table file written by the test, on a ticker the test steps, so a loaded machine changes nothing.
 */
class LockWatcherPauseTest {

    @TempDir
    Path dir;

    private Path table;
    private String held;
    private LockWatcher watcher;
    private final java.util.concurrent.atomic.AtomicLong now =
            new java.util.concurrent.atomic.AtomicLong(1_000_000_000L);

    @BeforeEach
    void aDatabaseAndALockTableOfOurOwn() throws Exception {
        Path db = Files.writeString(dir.resolve("app.db"), "");
        LockTable.FileId id = LockTable.fileId(db);
        // RESERVED of the rollback-journal mode, held by this process.
        held = String.format(
                Locale.ROOT,
                "1: POSIX  ADVISORY  WRITE %d %02x:%02x:%d %d %d%n",
                ProcessHandle.current().pid(),
                id.major(),
                id.minor(),
                id.inode(),
                LockState.RESERVED,
                LockState.RESERVED);
        table = Files.writeString(dir.resolve("locks"), "");
        watcher = new LockWatcher(
                new DatabaseFiles(db),
                new LockTable(table),
                Clock.systemUTC(),
                new LockWatcher.Listener() {},
                now::get);
    }

    private void sampleAfter(long millis, boolean locked) throws Exception {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
        Files.writeString(table, locked ? held : "");
        watcher.sample();
    }

    @Test
    void aHoldIsSplitAtAPauseLongerThanTheThreshold_andBothHalvesClaimThePauseAsTheirResolution() throws Exception {
        long pauseMs = TimeUnit.NANOSECONDS.toMillis(LockWatcher.MIN_SPLIT_NANOS) * 3;
        sampleAfter(0, false);
        sampleAfter(2, true);
        sampleAfter(2, true);
        sampleAfter(pauseMs, true);
        sampleAfter(2, true);
        sampleAfter(2, false);
        watcher.finish();

        List<Hold> holds = watcher.longestHolds();
        assertThat(holds).hasSize(2);
        assertThat(watcher.splitHolds()).isEqualTo(1);
        for (Hold hold : holds) {
            assertThat(hold.resolutionNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(pauseMs));
        }
        // Together they cover what one hold would have: the pause is halved between them, not lost.
        assertThat(holds.stream().mapToLong(Hold::nanos).sum())
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(1 + 2 + pauseMs + 2 + 1));
    }

    @Test
    void aShorterPauseInsideAHold_keepsOneHold_whoseResolutionIsThatPause() throws Exception {
        long pauseMs = TimeUnit.NANOSECONDS.toMillis(LockWatcher.MIN_SPLIT_NANOS) / 2;
        sampleAfter(0, false);
        sampleAfter(1, true);
        sampleAfter(pauseMs, true);
        sampleAfter(1, true);
        sampleAfter(1, false);
        watcher.finish();

        List<Hold> holds = watcher.longestHolds();
        assertThat(holds).hasSize(1);
        assertThat(watcher.splitHolds()).isZero();
        Hold hold = holds.stream().max(Comparator.comparingLong(Hold::nanos)).orElseThrow();
        assertThat(hold.resolutionNanos()).isEqualTo(TimeUnit.MILLISECONDS.toNanos(pauseMs));
        assertThat(hold.nanos())
                .isEqualTo(TimeUnit.NANOSECONDS.convert(500, TimeUnit.MICROSECONDS) * 2
                        + TimeUnit.MILLISECONDS.toNanos(pauseMs + 1));
    }

    @Test
    void aHoldAcrossASecondBoundary_isSpreadOverBothSecondsOfItsProcessesTimeline() throws Exception {
        sampleAfter(0, false);
        for (int t = 10; t <= 2_000; t += 10) {
            sampleAfter(10, t > 900 && t <= 1_300);
        }
        watcher.finish();

        double[] timeline =
                watcher.heldMsPerSecond().get(ProcessHandle.current().pid());
        // Held from 905 ms to 1,305 ms (each end half a sample gap from the samples that saw it change).
        assertThat(timeline).hasSize(2);
        assertThat(timeline[0]).isCloseTo(95.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(timeline[1]).isCloseTo(305.0, org.assertj.core.data.Offset.offset(0.001));
    }
}
