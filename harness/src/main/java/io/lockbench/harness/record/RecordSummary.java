package io.lockbench.harness.record;

import io.lockbench.harness.watch.WatchReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code lockbench record} saw, as {@code record.json} holds it: the command and how it ended, the
 * lines it printed about a locked database, and per database the write-lock holds (exact, from the
 * processes' own lock events, where the lock-event library was loaded; sampled from the kernel's lock
 * table elsewhere; {@code holdSource} says which), the waits and BUSY by result code, and the watch's
 * summary.
 */
public record RecordSummary(
        List<String> command,
        Instant startedAt,
        double wallSeconds,
        int exitCode,
        String busyPattern,
        long busyLines,
        String busyPatternProblem,
        String preloadFailure,
        Map<Long, Long> busyLinesPerSecond,
        List<String> firstBusyLines,
        Events events,
        List<DatabaseRecord> databases) {

    /**
     * Whether lock events were logged, and if not, why; the processes that logged, the lines that could not
     * be read (a process killed mid-write) and the events past the size limit; with {@code notSeen} the
     * processes that held a write lock in the lock table without logging (static or setuid programs).
     */
    public record Events(
            boolean recorded,
            String problem,
            long processes,
            long malformedLines,
            long droppedEvents,
            List<Long> notSeen) {}

    /**
     * One watched database. {@code holds} are write transactions where the events were logged;
     * {@code sampledHolds} what the lock-table sampler saw beside them, for comparison. {@code problem}
     * says why the recording measured nothing although the database changed (then it is no measurement
     * of zero). {@code exact} holds every figure from the lock events, null without them.
     */
    public record DatabaseRecord(
            String database,
            String dir,
            String holdSource,
            long holds,
            double holdP99Ms,
            double holdMaxMs,
            double holdTotalMs,
            long sampledHolds,
            long waits,
            long waitsGivenUp,
            double waitP99Ms,
            double waitMaxMs,
            double waitTotalMs,
            Map<String, Long> busyByCode,
            String problem,
            LockFigures exact,
            WatchReport.Summary watch) {}

    /** The databases whose recording measured nothing although they changed. */
    public List<DatabaseRecord> unmeasured() {
        return databases.stream().filter(d -> d.problem() != null).toList();
    }
}
