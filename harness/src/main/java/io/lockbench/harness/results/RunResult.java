package io.lockbench.harness.results;

import io.lockbench.harness.scenario.Scenario;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Everything a run measured, as written to {@code run.json}. */
public record RunResult(
        String runId,
        Scenario scenario,
        Instant startedAt,
        double seconds,
        Map<String, Object> environment,
        List<WorkloadSummary> workloads,
        List<WalSample> wal,
        int threadsLeftRunning,
        boolean timedOut) {

    public static final int SCHEMA_VERSION = 2;

    /** The summary of the workload named {@code name}. */
    public WorkloadSummary workload(String name) {
        return workloads.stream()
                .filter(w -> w.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no workload named " + name));
    }

    /** True when every expectation held and the run stopped cleanly. */
    public boolean passed() {
        return threadsLeftRunning == 0 && !timedOut && workloads.stream().allMatch(WorkloadSummary::passed);
    }

    /** Percentiles of one histogram, in milliseconds. */
    public record Stats(long count, double mean, double p50, double p90, double p99, double p999, double max) {

        public static final Stats NONE = new Stats(0, 0, 0, 0, 0, 0, 0);

        /** One figure by its name in run.json ({@code p50}, {@code p99}, {@code max}, ...). */
        public double value(String stat) {
            return switch (stat) {
                case "count" -> count;
                case "mean" -> mean;
                case "p50" -> p50;
                case "p90" -> p90;
                case "p99" -> p99;
                case "p999" -> p999;
                case "max" -> max;
                default -> throw new IllegalArgumentException("unknown statistic " + stat);
            };
        }
    }

    /** One expectation and how the run did against it. */
    public record Check(String rule, String limit, String actual, boolean passed) {}

    /** The WAL files at one moment of the run; -1 where a file could not tell. */
    public record WalSample(
            double atSeconds, long walBytes, long checkpointSequence, long logFrames, long checkpointedFrames) {}

    public record WorkloadSummary(
            String name,
            String type,
            int threads,
            long attempted,
            long ok,
            long busy,
            long probeBusy,
            Map<String, Long> busyByCodeAndPhase,
            long otherErrors,
            Map<String, Long> otherErrorsByKind,
            Map<String, String> firstErrorMessages,
            long inconsistent,
            long warmupOperations,
            double operationsPerSecond,
            Map<String, Stats> millis,
            double finishSpreadMs,
            List<Check> checks) {

        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }

        /** The figures of one metric ({@code latency}, {@code lock_wait}, ...), or {@link Stats#NONE} when none were recorded. */
        public Stats stats(String metric) {
            Stats stats = millis.get(metric);
            return stats == null ? Stats.NONE : stats;
        }

        /** Operations that ended in an error: BUSY or any other. */
        public long failures() {
            return busy + otherErrors;
        }

        /** Every attempted operation ended as a success or a counted error. */
        public boolean accountedFor() {
            return attempted == ok + busy + otherErrors;
        }
    }
}
