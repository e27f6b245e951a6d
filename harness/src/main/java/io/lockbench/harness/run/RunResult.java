package io.lockbench.harness.run;

import io.lockbench.harness.scenario.Scenario;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything a run measured, as written to {@code run.json}. */
public record RunResult(String runId, Scenario scenario, Instant startedAt, double seconds, Map<String, Object> environment,
        List<WorkloadSummary> workloads, List<WalSample> wal, int threadsLeftRunning, boolean timedOut) {

    public static final int SCHEMA_VERSION = 1;

    /** True when every expectation held and the run stopped cleanly. */
    public boolean passed() {
        return threadsLeftRunning == 0 && !timedOut && workloads.stream().allMatch(WorkloadSummary::passed);
    }

    /** Percentiles of one histogram, in milliseconds. */
    public record Stats(long count, double mean, double p50, double p90, double p99, double p999, double max) {
    }

    /** One expectation and how the run did against it. */
    public record Check(String rule, String limit, String actual, boolean passed) {
    }

    /** The WAL files at one moment of the run; -1 where a file could not tell. */
    public record WalSample(double atSeconds, long walBytes, long checkpointSequence, long logFrames, long checkpointedFrames) {
    }

    public record WorkloadSummary(String name, String type, int threads, long attempted, long ok, long busy, long probeBusy,
            Map<String, Long> busyByCodeAndPhase, long otherErrors, Map<String, Long> otherErrorsByKind,
            Map<String, String> firstErrorMessages, long inconsistent, long warmupOperations, double operationsPerSecond,
            Map<String, Stats> millis, double finishSpreadMs, List<Check> checks) {

        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }

        /** Every attempted operation ended as a success or a counted error. */
        public boolean accountedFor() {
            return attempted == ok + busy + otherErrors;
        }
    }
}
