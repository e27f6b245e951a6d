package io.lockbench.harness.run;

import io.lockbench.harness.results.Metric;
import io.lockbench.harness.workload.ApiClient;
import io.lockbench.store.lock.LockFailure;
import io.lockbench.store.lock.LockPhase;
import io.lockbench.store.lock.LockTrace;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The recording side of one workload: per worker thread, HdrHistogram {@link SingleWriterRecorder}s
 * (wait-free for their one writer, swapped by the sampler for per-interval histograms, so threads of
 * one workload never share a histogram's cache lines), and counters. Errors are counted
 * twice on purpose: by what the workload thread caught, and by what the lock probe saw, so a run can
 * prove the two agree.
 */
public final class WorkloadMetrics {

    /** Highest value tracked: one hour, in nanoseconds. */
    static final long HIGHEST_TRACKABLE = TimeUnit.HOURS.toNanos(1);

    static final int SIGNIFICANT_DIGITS = 3;

    private final List<Map<Metric, SingleWriterRecorder>> threads = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Map<Metric, SingleWriterRecorder>> mine = ThreadLocal.withInitial(this::register);
    private final LongAdder attempted = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final LongAdder inconsistent = new LongAdder();
    private final LongAdder warmup = new LongAdder();
    private final LongAdder probeBusy = new LongAdder();
    private final Map<String, LongAdder> busy = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> otherErrors = new ConcurrentHashMap<>();
    private final Map<String, String> firstMessages = new ConcurrentHashMap<>();

    private Map<Metric, SingleWriterRecorder> register() {
        Map<Metric, SingleWriterRecorder> recorders = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            recorders.put(metric, new SingleWriterRecorder(1, HIGHEST_TRACKABLE, SIGNIFICANT_DIGITS));
        }
        threads.add(recorders);
        return recorders;
    }

    /** An operation that started during the warm-up: run, but kept out of every figure. */
    public void warmupOperation() {
        warmup.increment();
    }

    /** Records one finished operation; {@code error} is what the workload thread caught, or null. */
    public void record(long latencyNanos, LockTrace trace, boolean consistent, Throwable error) {
        Map<Metric, SingleWriterRecorder> recorders = mine.get();
        attempted.increment();
        recorders.get(Metric.LATENCY).recordValue(clamp(latencyNanos));
        recorders.get(Metric.LOCK_WAIT).recordValue(clamp(trace.lockWaitNanos()));
        recorders.get(Metric.CONNECTION_WAIT).recordValue(clamp(trace.connectionWaitNanos()));
        recorders.get(Metric.WAIT).recordValue(clamp(trace.lockWaitNanos() + trace.connectionWaitNanos()));
        if (trace.writeTransactions() > 0) {
            recorders.get(Metric.HOLD).recordValue(clamp(trace.longestHoldNanos()));
        }
        LockFailure seen = trace.failure();
        if (seen != null && seen.isBusy()) {
            probeBusy.increment();
        }
        recorders.get(error == null ? Metric.SUCCESS : Metric.FAILURE).recordValue(clamp(latencyNanos));
        if (error == null) {
            ok.increment();
            if (!consistent) {
                inconsistent.increment();
            }
            return;
        }
        LockFailure failure = LockFailure.of(error, seen != null ? seen.phase() : LockPhase.STATEMENT);
        if (failure.isBusy()) {
            busy.computeIfAbsent(failure.key(), k -> new LongAdder()).increment();
        } else {
            String key = failure.fromDatabase()
                    ? failure.key()
                    : error instanceof ApiClient.HttpStatusException http
                            ? "HTTP_" + http.status()
                            : error.getClass().getSimpleName();
            otherErrors.computeIfAbsent(key, k -> new LongAdder()).increment();
            firstMessages.putIfAbsent(
                    key, String.valueOf(error.getMessage()).lines().findFirst().orElse(""));
        }
    }

    /** Adds what a worker process counted. */
    void absorb(WorkerReport r) {
        attempted.add(r.attempted());
        ok.add(r.ok());
        inconsistent.add(r.inconsistent());
        warmup.add(r.warmup());
        probeBusy.add(r.probeBusy());
        r.busy().forEach((k, v) -> busy.computeIfAbsent(k, x -> new LongAdder()).add(v));
        r.otherErrors()
                .forEach((k, v) ->
                        otherErrors.computeIfAbsent(k, x -> new LongAdder()).add(v));
        r.firstMessages().forEach(firstMessages::putIfAbsent);
    }

    /** A worker process that could not report: counted as one failed operation of the workload. */
    void workerFailed(String message) {
        attempted.increment();
        otherErrors.computeIfAbsent("worker-failed", x -> new LongAdder()).increment();
        firstMessages.putIfAbsent("worker-failed", message);
    }

    /** This workload's counters and the totals of {@code histograms}, as a worker process reports them. */
    WorkerReport report(Map<Metric, Histogram> histograms, List<Long> finishedEpochMs, int threadsLeftRunning) {
        Map<String, String> encoded = new TreeMap<>();
        histograms.forEach((metric, h) -> encoded.put(metric.label(), WorkerProcess.encode(h)));
        return new WorkerReport(
                attempted(),
                ok(),
                inconsistent(),
                warmupOperations(),
                probeBusy(),
                busyByCodeAndPhase(),
                otherErrors(),
                firstErrorMessages(),
                encoded,
                finishedEpochMs,
                threadsLeftRunning);
    }

    private static long clamp(long nanos) {
        return Math.max(1, Math.min(HIGHEST_TRACKABLE, nanos));
    }

    /** The histogram of everything every thread recorded since the last call (for interval logs). */
    public Histogram interval(Metric metric) {
        Histogram sum = new Histogram(1, HIGHEST_TRACKABLE, SIGNIFICANT_DIGITS);
        for (Map<Metric, SingleWriterRecorder> recorders : threads) {
            sum.add(recorders.get(metric).getIntervalHistogram());
        }
        return sum;
    }

    public long attempted() {
        return attempted.sum();
    }

    public long ok() {
        return ok.sum();
    }

    public long inconsistent() {
        return inconsistent.sum();
    }

    public long warmupOperations() {
        return warmup.sum();
    }

    /** BUSY errors as the lock probe recorded them. */
    public long probeBusy() {
        return probeBusy.sum();
    }

    public Map<String, Long> busyByCodeAndPhase() {
        return snapshot(busy);
    }

    public long busyTotal() {
        return busy.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<String, Long> otherErrors() {
        return snapshot(otherErrors);
    }

    public long otherErrorTotal() {
        return otherErrors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<String, String> firstErrorMessages() {
        return new TreeMap<>(firstMessages);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
