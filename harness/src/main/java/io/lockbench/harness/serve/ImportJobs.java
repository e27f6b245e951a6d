package io.lockbench.harness.serve;

import io.lockbench.harness.Failures;
import io.lockbench.store.SessionStore;
import io.lockbench.store.importer.ImportOptions;
import io.lockbench.store.importer.ImportReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's imports: at most one at a time, started by {@code POST /api/imports} or by the
 * periodic timer, each an incremental import of the root on a thread of its own. The last
 * {@link #KEPT} jobs stay queryable.
 */
final class ImportJobs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImportJobs.class);
    static final int KEPT = 100;

    private final SessionStore store;
    private final Path root;
    private final ServerMetrics metrics;
    private final Clock clock;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(daemon("lockbench-serve-import"));
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(daemon("lockbench-serve-import-timer"));
    private final Map<Long, ImportJob> jobs = new LinkedHashMap<>();
    private long lastId;
    private ImportJob running;

    ImportJobs(SessionStore store, Path root, ServerMetrics metrics, Clock clock) {
        this.store = store;
        this.root = root;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs an import every {@code period}, skipping a turn while one is still running. */
    void every(Duration period) {
        if (period.isZero()) {
            return;
        }
        long millis = period.toMillis();
        var unused = timer.scheduleWithFixedDelay(() -> start("schedule"), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Starts an import, or returns the running one's id as a conflict. */
    synchronized StartResult start(String trigger) {
        if (stopping.get()) {
            return new StartResult(null, null);
        }
        if (running != null) {
            return new StartResult(null, running);
        }
        ImportJob job = new ImportJob(++lastId, trigger, clock.instant(), metrics);
        jobs.put(job.id(), job);
        if (jobs.size() > KEPT) {
            jobs.remove(jobs.keySet().iterator().next());
        }
        running = job;
        metrics.importStarted();
        runner.execute(() -> run(job));
        return new StartResult(job, null);
    }

    /** The job started, or (when {@code started} is null) the one already running, if any. */
    record StartResult(ImportJob started, ImportJob alreadyRunning) {}

    synchronized Optional<ImportJob> find(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    synchronized Optional<ImportJob> running() {
        return Optional.ofNullable(running);
    }

    private void run(ImportJob job) {
        try {
            // One core for the import, the others for the requests it runs beside.
            ImportOptions options = ImportOptions.defaults()
                    .withListener(job)
                    .withStop(stopping::get)
                    .withParseAhead(false);
            ImportReport report;
            try (var trace = store.trace("import")) {
                report = store.importer().importAll(root, options);
                metrics.operation(trace);
            }
            job.finished(report, clock.instant());
            LOG.info(
                    "import {} {}: {} records from {} files in {} s",
                    job.id(),
                    report.stopped() ? "stopped" : "done",
                    report.recordsImported(),
                    report.filesSeen(),
                    String.format(Locale.ROOT, "%.2f", report.seconds()));
        } catch (Exception e) {
            String message = Failures.describe(e);
            job.failed(message, clock.instant());
            metrics.importFailed();
            LOG.warn("import {} failed: {}", job.id(), message);
        } finally {
            synchronized (this) {
                running = null;
            }
            metrics.importEnded();
        }
    }

    /**
     * Starts no more imports and asks a running one to end after the transaction it is in. Holds the
     * same lock as {@link #start}, so a start either happens before (and runs) or sees the stop.
     */
    synchronized void requestStop() {
        stopping.set(true);
        timer.shutdownNow();
        runner.shutdown();
    }

    /** Waits up to {@code grace} for a running import to end; true when none runs any more. */
    boolean awaitStop(Duration grace) {
        try {
            if (runner.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            LOG.warn("the running import did not stop within {} ms", grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public void close() {
        requestStop();
        awaitStop(ServerSettings.DEFAULT_GRACE);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
