package io.lockbench.harness.run;

import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.scenario.WorkloadSpec;
import io.lockbench.harness.workload.Operation;
import io.lockbench.store.SessionStore;
import io.lockbench.store.lock.LockTrace;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One worker thread of a workload: waits for its start, then runs operations until its share of
 * the operation count is done, its duration is over or the run stops. Open loop: operations are
 * scheduled every {@code threads / rate} seconds and latency counts from the scheduled start, so a
 * stall is charged to every operation it delayed. Closed loop: the next operation starts when the
 * last one (and the think time) is over.
 */
final class WorkloadLoop implements Runnable {

    private final Scenario scenario;
    private final SessionStore store;
    private final ScenarioRunner.Running w;
    private final int index;
    private final long runStart;
    private final long warmupEnd;
    private final AtomicBoolean stop;
    private final EventThreads events;

    WorkloadLoop(
            Scenario scenario,
            SessionStore store,
            ScenarioRunner.Running w,
            int index,
            long runStart,
            long warmupEnd,
            AtomicBoolean stop,
            EventThreads events) {
        this.scenario = scenario;
        this.store = store;
        this.w = w;
        this.index = index;
        this.runStart = runStart;
        this.warmupEnd = warmupEnd;
        this.stop = stop;
        this.events = events;
    }

    @Override
    public void run() {
        WorkloadSpec spec = w.spec;
        EventThreads.Entry mine = events == null ? null : events.enter(spec.name());
        int total = spec.totalThreads();
        long threadStart =
                runStart + spec.start().toNanos() + index * spec.skew().toNanos();
        long end = end(scenario, spec, runStart);
        long limit = spec.operations() == 0
                ? Long.MAX_VALUE
                : spec.operations() / total + (index < spec.operations() % total ? 1 : 0);
        long pace = spec.openLoop() ? (long) (1e9 * total / spec.rate()) : 0;
        // Threads of an open-loop workload are offset within one period so they do not fire together.
        long intended = threadStart + (pace > 0 ? pace * index / total : 0);
        SplittableRandom random = new SplittableRandom(
                Long.hashCode(scenario.name().hashCode()) * 31L + spec.name().hashCode() * 17L + index);
        // Never sleep past the end: a slow schedule must not stretch the run it belongs to.
        sleepUntil(Math.min(intended, end), stop);
        for (long done = 0; done < limit && !stop.get(); done++) {
            long now = System.nanoTime();
            if (pace > 0) {
                sleepUntil(Math.min(intended, end), stop);
                if (stop.get() || intended >= end) {
                    break;
                }
            } else {
                intended = now;
                if (now >= end) {
                    break;
                }
            }
            boolean consistent = true;
            Throwable error = null;
            LockTrace trace = store.trace(spec.name());
            long began = System.nanoTime();
            try (trace) {
                consistent = w.operation.run(new Operation.Caller(index, done, random));
            } catch (Exception | AssertionError | StackOverflowError e) {
                // A stack overflow in one operation (user input too deep for a check to have caught) is that
                // operation's error, counted and shown; the thread goes on and the run ends on time.
                error = e;
            }
            if (error != null && stop.get()) {
                // Cut short by the run's stop (it outlived the run's end): no measurement, and no error of its own.
                break;
            }
            long latency = System.nanoTime() - intended;
            if (intended < warmupEnd) {
                w.metrics.warmupOperation();
            } else {
                w.metrics.record(latency, trace, consistent, error);
                if (mine != null) {
                    mine.measured(began, System.nanoTime());
                }
            }
            if (pace > 0) {
                intended += pace;
            } else if (!spec.think().isZero()) {
                sleepUntil(Math.min(System.nanoTime() + spec.think().toNanos(), end), stop);
            }
        }
        w.finishedAt[index] = System.nanoTime();
    }

    /** When the workload's threads stop starting operations: Long.MAX_VALUE for a count of operations. */
    static long end(Scenario scenario, WorkloadSpec spec, long runStart) {
        Duration duration = spec.duration() != null
                ? spec.duration()
                : spec.operations() > 0 ? null : scenario.run().workloadDuration();
        return duration == null ? Long.MAX_VALUE : runStart + spec.start().toNanos() + duration.toNanos();
    }

    static void sleepUntil(long nanoTime, AtomicBoolean stop) {
        for (long left = nanoTime - System.nanoTime(); left > 0 && !stop.get(); left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }
}
