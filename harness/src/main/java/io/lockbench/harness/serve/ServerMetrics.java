package io.lockbench.harness.serve;

import io.lockbench.harness.results.BuildInfo;
import io.lockbench.store.SessionStore;
import io.lockbench.store.config.Secrets;
import io.lockbench.store.importer.ImportReport;
import io.lockbench.store.lock.LockFailure;
import io.lockbench.store.lock.LockTrace;
import io.lockbench.store.wal.WalFiles;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The server's meters, exposed at {@code /metrics} in Prometheus text format. Latencies are
 * histograms (cumulative buckets, so percentiles can be computed over any set of instances and
 * any window); lock figures come from the same {@link LockTrace} that the harness records.
 */
public final class ServerMetrics {

    /** The media type of Prometheus' text exposition format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * Bucket bounds of every latency histogram: a fixed, short set from 100 µs to 60 s, enough to read a
     * p99 to within a bucket and to count "slower than 1 s", at 22 series per histogram rather than the
     * 70-odd of Micrometer's percentile histogram, times every route, method and status.
     */
    static final List<Duration> BUCKETS = Stream.of(
                    0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1_000.0, 2_500.0, 5_000.0,
                    10_000.0, 30_000.0, 60_000.0)
            .map(ms -> Duration.ofNanos(Math.round(ms * 1_000_000)))
            .toList();

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger importRunning = new AtomicInteger();
    private final Counter importBytes;
    private final Counter importTransactions;
    private final Timer importHold;
    private final Counter busyAll;
    private final Counter lockErrorsAll;
    private final Counter importFailures;

    public ServerMetrics(WalFiles wal) {
        BuildInfo build = BuildInfo.current();
        Gauge.builder("lockbench.build.info", () -> 1)
                .description("Always 1; the labels say which lockbench serves")
                .tag("version", build.version())
                .tag("commit", build.commit())
                .tag("java_version", Runtime.version().toString())
                .register(registry);
        // Registered now, at 0, so that an alert on their increase fires on the first BUSY, not the second.
        busyAll = Counter.builder("lockbench.lock.failures")
                .description("Operations that ended with a lock failure, all operations together: kind busy"
                        + " (SQLITE_BUSY/LOCKED, PostgreSQL's lock timeout) or other")
                .tag("kind", "busy")
                .register(registry);
        lockErrorsAll = Counter.builder("lockbench.lock.failures")
                .description("Operations that ended with a lock failure, all operations together: kind busy"
                        + " (SQLITE_BUSY/LOCKED, PostgreSQL's lock timeout) or other")
                .tag("kind", "other")
                .register(registry);
        importFailures = Counter.builder("lockbench.import.failures")
                .description("Imports that ended with an error")
                .register(registry);
        importBytes = Counter.builder("lockbench.import.bytes.read")
                .description("Transcript bytes the server's imports committed")
                .register(registry);
        importTransactions = Counter.builder("lockbench.import.transactions")
                .description("Write transactions the server's imports committed")
                .register(registry);
        importHold = histogram(Timer.builder("lockbench.import.transaction.hold")
                        .description("Write-lock hold of each import transaction"))
                .register(registry);
        Gauge.builder("lockbench.import.running", importRunning, AtomicInteger::get)
                .description("1 while an import runs")
                .register(registry);
        if (wal != null) {
            Gauge.builder("lockbench.wal.size", wal, w -> w.read().walBytes())
                    .description("Size of the database's -wal file")
                    .baseUnit("bytes")
                    .register(registry);
        }
    }

    /**
     * On PostgreSQL, whether lock waits are being sampled and how often the sampler had to reconnect:
     * waits of a time when it was not sampling are missing from the figures, and this says so.
     */
    public void lockWaitSampling(SessionStore store) {
        if (store.lockWaitSampling().isEmpty()) {
            return;
        }
        Gauge.builder(
                        "lockbench.pg.lock.wait.sampling",
                        store,
                        s -> s.lockWaitSampling()
                                .map(status -> status.sampling() ? 1.0 : 0.0)
                                .orElse(0.0))
                .description("1 while PostgreSQL lock waits are sampled from pg_locks, 0 while the sampler's"
                        + " connection is lost (waits of that time are not counted)")
                .register(registry);
        FunctionCounter.builder(
                        "lockbench.pg.lock.wait.sampler.reconnects",
                        store,
                        s -> s.lockWaitSampling()
                                .map(status -> (double) status.reconnects())
                                .orElse(0.0))
                .description("Times the lock-wait sampler lost its connection and opened a new one")
                .register(registry);
    }

    private static Timer.Builder histogram(Timer.Builder builder) {
        return builder.serviceLevelObjectives(BUCKETS.toArray(Duration[]::new));
    }

    /** One HTTP request: its route template (not the path, so ids do not make new series), method and status. */
    void request(String route, String method, int status, long nanos) {
        histogram(Timer.builder("lockbench.http.requests")
                        .description("HTTP request latency, from the request's arrival to its response")
                        .tag("route", route)
                        .tag("method", methodLabel(method))
                        .tag("status", status >= 100 && status <= 599 ? Integer.toString(status) : "other"))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A client chooses the method token: each new one would be a new series and memory for the
     * server's life. Only the standard methods get a label of their own.
     */
    static String methodLabel(String method) {
        return STANDARD_METHODS.contains(method) ? method : "OTHER";
    }

    private static final Set<String> STANDARD_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT");

    /** The lock figures of one operation (a request's read, or a whole import). */
    void operation(LockTrace trace) {
        String operation = trace.operation();
        histogram(Timer.builder("lockbench.lock.wait")
                        .description(
                                "Time an operation waited for a database lock (in SQLite's busy handler; sampled from pg_locks on PostgreSQL)")
                        .tag("operation", operation))
                .register(registry)
                .record(trace.lockWaitNanos(), TimeUnit.NANOSECONDS);
        histogram(Timer.builder("lockbench.connection.wait")
                        .description("Time an operation waited for a pooled connection")
                        .tag("operation", operation))
                .register(registry)
                .record(trace.connectionWaitNanos(), TimeUnit.NANOSECONDS);
        if (trace.writeTransactions() > 0) {
            histogram(Timer.builder("lockbench.lock.hold")
                            .description("Longest write-lock hold of an operation")
                            .tag("operation", operation))
                    .register(registry)
                    .record(trace.longestHoldNanos(), TimeUnit.NANOSECONDS);
        }
        LockFailure failure = trace.failure();
        if (failure != null) {
            busy(operation, failure);
        }
    }

    void busy(String operation, LockFailure failure) {
        (failure.isBusy() ? busyAll : lockErrorsAll).increment();
        Counter.builder(failure.isBusy() ? "lockbench.busy" : "lockbench.lock.errors")
                .description("Operations that ended with SQLITE_BUSY/LOCKED (or another lock error), by code and phase")
                .tag("operation", operation)
                .tag("code", failure.codeName())
                .tag("phase", failure.phase().label())
                .register(registry)
                .increment();
    }

    void importStarted() {
        importRunning.set(1);
    }

    void importEnded() {
        importRunning.set(0);
    }

    void importBytes(long bytes) {
        if (bytes > 0) {
            importBytes.increment((double) bytes);
        }
    }

    void importTransaction(long holdNanos) {
        importTransactions.increment();
        importHold.record(holdNanos, TimeUnit.NANOSECONDS);
    }

    void importFinished(ImportReport report) {
        DistributionSummary.builder("lockbench.import.records")
                .description("Records per finished import")
                .register(registry)
                .record((double) report.recordsImported());
        report.rowsChanged()
                .forEach((table, rows) -> Counter.builder("lockbench.import.rows")
                        .description("Rows the server's imports inserted or changed, per table")
                        .tag("table", table)
                        .register(registry)
                        .increment((double) rows));
    }

    void importFailed() {
        importFailures.increment();
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return Secrets.redact(registry.scrape());
    }
}
