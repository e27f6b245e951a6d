package io.lockbench.harness.run;

import io.lockbench.store.lock.LockFailure;
import io.lockbench.store.lock.LockPhase;
import io.lockbench.store.lock.LockTrace;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The recording side of one workload: HdrHistogram {@link Recorder}s (wait-free for the recording
 * threads, swapped by the sampler for per-interval histograms) and counters. Errors are counted
 * twice on purpose: by what the workload thread caught, and by what the lock probe saw, so a run can
 * prove the two agree.
 */
public final class WorkloadMetrics {

    /** Highest value tracked: one hour, in nanoseconds. */
    static final long HIGHEST_TRACKABLE = TimeUnit.HOURS.toNanos(1);
    static final int SIGNIFICANT_DIGITS = 3;

    private final Map<Metric, Recorder> recorders = new EnumMap<>(Metric.class);
    private final LongAdder attempted = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final LongAdder inconsistent = new LongAdder();
    private final LongAdder warmup = new LongAdder();
    private final LongAdder probeBusy = new LongAdder();
    private final Map<String, LongAdder> busy = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> otherErrors = new ConcurrentHashMap<>();
    private final Map<String, String> firstMessages = new ConcurrentHashMap<>();

    public WorkloadMetrics() {
        for (Metric metric : Metric.values()) {
            recorders.put(metric, new Recorder(1, HIGHEST_TRACKABLE, SIGNIFICANT_DIGITS));
        }
    }

    /** An operation that started during the warm-up: run, but kept out of every figure. */
    public void warmupOperation() {
        warmup.increment();
    }

    /** Records one finished operation; {@code error} is what the workload thread caught, or null. */
    public void record(long latencyNanos, LockTrace trace, boolean consistent, Throwable error) {
        attempted.increment();
        recorders.get(Metric.LATENCY).recordValue(clamp(latencyNanos));
        recorders.get(Metric.LOCK_WAIT).recordValue(clamp(trace.lockWaitNanos()));
        recorders.get(Metric.CONNECTION_WAIT).recordValue(clamp(trace.connectionWaitNanos()));
        if (trace.writeTransactions() > 0) {
            recorders.get(Metric.HOLD).recordValue(clamp(trace.longestHoldNanos()));
        }
        LockFailure seen = trace.failure();
        if (seen != null && seen.isBusy()) {
            probeBusy.increment();
        }
        if (error == null) {
            ok.increment();
            if (!consistent) {
                inconsistent.increment();
            }
            return;
        }
        int code = LockTrace.resultCode(error);
        LockFailure failure = new LockFailure(code, seen != null ? seen.phase() : LockPhase.STATEMENT);
        if (failure.isBusy()) {
            busy.computeIfAbsent(failure.key(), k -> new LongAdder()).increment();
        } else {
            String key = code >= 0 ? failure.key() : error.getClass().getSimpleName();
            otherErrors.computeIfAbsent(key, k -> new LongAdder()).increment();
            firstMessages.putIfAbsent(key, String.valueOf(error.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private static long clamp(long nanos) {
        return Math.max(1, Math.min(HIGHEST_TRACKABLE, nanos));
    }

    /** The histogram of everything recorded since the last call (for interval logs). */
    public Histogram interval(Metric metric, Histogram recycle) {
        return recorders.get(metric).getIntervalHistogram(recycle);
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
