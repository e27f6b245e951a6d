package io.lockbench.benchmarks;

import io.lockbench.harness.run.WorkloadMetrics;
import io.lockbench.store.lock.LockTrace;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the harness adds to every operation it measures: opening and closing the operation's lock
 * trace and recording latency, lock wait, connection wait and hold into the workload's recorders.
 * Run with {@code lockbench bench recording} (or JMH's own main on the fat jar).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RecordingBenchmark {

    private final WorkloadMetrics metrics = new WorkloadMetrics();

    /** The full per-operation path of a successful operation. */
    @Benchmark
    public long traceAndRecord() {
        long started = System.nanoTime();
        LockTrace trace = LockTrace.start("bench", 2000);
        trace.close();
        long latency = System.nanoTime() - started;
        metrics.record(latency, trace, true, null);
        return latency;
    }

    /** The same path with two threads recording into one workload, as the runner does. */
    @Benchmark
    @Threads(2)
    public long traceAndRecordTwoThreads() {
        return traceAndRecord();
    }

    /** The cost of reading the clock twice, for reference. */
    @Benchmark
    public long clockOnly() {
        long start = System.nanoTime();
        return System.nanoTime() - start;
    }
}
