package io.lockbench.harness.record;

import io.lockbench.harness.watch.WatchReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code lockbench record} saw, as {@code record.json} holds it: the command and how it ended, the
 * lines it printed about a locked database, and per database the write-lock holds (the watch's own
 * summary) and, with {@code --waits}, the lock waits per process.
 */
public record RecordSummary(
        List<String> command,
        Instant startedAt,
        double wallSeconds,
        int exitCode,
        String busyPattern,
        long busyLines,
        Map<Long, Long> busyLinesPerSecond,
        List<String> firstBusyLines,
        Waits waits,
        List<DatabaseRecord> databases) {

    /**
     * Whether waits were recorded, and if not, why; with {@code notSeen} the processes that held a write
     * lock but never went through the lock-request logger (static or setuid programs, or programs that
     * lock without libc's {@code fcntl}), whose waits are not in the figures.
     */
    public record Waits(
            boolean recorded, String problem, long loggedLockRequests, long malformedLines, List<Long> notSeen) {}

    /** One watched database: its watch directory and summary, its totals, and its waits. */
    public record DatabaseRecord(
            String database,
            String dir,
            long holds,
            double holdP99Ms,
            double holdMaxMs,
            double holdTotalMs,
            long waits,
            long waitsGivenUp,
            double waitP99Ms,
            double waitMaxMs,
            double waitTotalMs,
            List<ProcessWaits> waitsByProcess,
            List<WaitLog.Wait> longestWaits,
            WatchReport.Summary watch) {}

    /** The waits of one process on one database. */
    public record ProcessWaits(
            long pid,
            String command,
            long waits,
            long givenUp,
            double p50Ms,
            double p99Ms,
            double maxMs,
            double totalMs,
            Map<String, Long> byLock) {}
}
