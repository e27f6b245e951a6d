package io.lockbench.store.importer;

import io.lockbench.store.transcript.LineProblem;
import java.util.List;
import java.util.Map;

/**
 * What an import did.
 *
 * @param problems    malformed lines and unreadable files, in the order met (the first {@link #MAX_LISTED_PROBLEMS};
 *                    {@code malformedLines} counts them all, and every malformed line is also kept in the
 *                    {@code import_errors} table)
 * @param rowsChanged rows inserted or changed per table
 * @param yields      times the import left the write lock free for another process (see {@code import_yield_ms})
 * @param yieldNanos  how long those pauses took in all
 * @param stopped     the import ended early because {@link ImportOptions#stop()} asked it to; everything
 *                    counted here is committed, and the next import resumes where this one stopped
 */
public record ImportReport(
        int filesSeen,
        int filesWithNewData,
        int filesUnchanged,
        int filesReset,
        int filesFailed,
        long linesRead,
        long recordsImported,
        long blankLines,
        long malformedLines,
        long pendingPartialLines,
        Map<String, Long> unknownTypes,
        List<LineProblem> problems,
        Map<String, Long> rowsChanged,
        long bytesRead,
        long transactions,
        long yields,
        long yieldNanos,
        long elapsedNanos,
        boolean stopped) {

    public static final int MAX_LISTED_PROBLEMS = 1000;

    public double seconds() {
        return elapsedNanos / 1e9;
    }

    public double megabytesPerSecond() {
        return elapsedNanos == 0 ? 0 : bytesRead / 1e6 / seconds();
    }
}
