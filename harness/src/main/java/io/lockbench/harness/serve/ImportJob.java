package io.lockbench.harness.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lockbench.store.importer.ImportListener;
import io.lockbench.store.importer.ImportReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of the importer started by the server, with its progress as the importer reports it.
 * Written by the import thread, read by request threads: every field a reader sees is volatile.
 */
public final class ImportJob implements ImportListener {

    public enum State {
        RUNNING,
        SUCCEEDED,
        /** Shutdown asked it to stop: what it committed is kept and the next import resumes from there. */
        STOPPED,
        FAILED
    }

    private final long id;
    private final String trigger;
    private final Instant startedAt;
    private final ServerMetrics metrics;
    private volatile State state = State.RUNNING;
    private volatile Instant finishedAt;
    private volatile int files;
    private volatile long bytesTotal;
    private volatile long bytesRead;
    private final AtomicLong transactions = new AtomicLong();
    private volatile ImportReport report;
    private volatile String error;

    ImportJob(long id, String trigger, Instant startedAt, ServerMetrics metrics) {
        this.id = id;
        this.trigger = trigger;
        this.startedAt = startedAt;
        this.metrics = metrics;
    }

    public long id() {
        return id;
    }

    public State state() {
        return state;
    }

    @Override
    public void started(int fileCount, long bytes) {
        files = fileCount;
        bytesTotal = bytes;
    }

    @Override
    public void transaction(long holdNanos) {
        transactions.incrementAndGet();
        metrics.importTransaction(holdNanos);
    }

    @Override
    public void committed(Path file, long offset, long bytesSoFar) {
        metrics.importBytes(bytesSoFar - bytesRead);
        bytesRead = bytesSoFar;
    }

    void finished(ImportReport value, Instant at) {
        report = value;
        finishedAt = at;
        metrics.importFinished(value);
        state = value.stopped() ? State.STOPPED : State.SUCCEEDED;
    }

    void failed(String message, Instant at) {
        error = message;
        finishedAt = at;
        state = State.FAILED;
    }

    /** What {@code GET /api/imports/{id}} shows. */
    View view() {
        ImportReport r = report;
        Summary summary = r == null
                ? null
                : new Summary(
                        r.filesSeen(),
                        r.filesWithNewData(),
                        r.filesUnchanged(),
                        r.filesReset(),
                        r.filesFailed(),
                        r.linesRead(),
                        r.recordsImported(),
                        r.malformedLines(),
                        r.rowsChanged(),
                        r.transactions(),
                        r.seconds());
        long total = bytesTotal;
        double progress = state == State.RUNNING ? (total == 0 ? 0 : Math.min(1.0, (double) bytesRead / total)) : 1.0;
        return new View(
                id,
                state.name().toLowerCase(Locale.ROOT),
                trigger,
                startedAt,
                finishedAt,
                files,
                total,
                bytesRead,
                progress,
                transactions.get(),
                summary,
                error);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record View(
            long id,
            String state,
            String trigger,
            Instant startedAt,
            Instant finishedAt,
            int files,
            long bytesTotal,
            long bytesRead,
            double progress,
            long transactions,
            Summary summary,
            String error) {}

    record Summary(
            int filesSeen,
            int filesWithNewData,
            int filesUnchanged,
            int filesReimported,
            int filesUnreadable,
            long linesRead,
            long recordsImported,
            long malformedLines,
            Map<String, Long> rowsChanged,
            long transactions,
            double seconds) {}
}
