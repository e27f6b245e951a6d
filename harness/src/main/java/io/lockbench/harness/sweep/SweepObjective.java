package io.lockbench.harness.sweep;

import java.util.Locale;

/**
 * The rule a sweep recommends by: among points without BUSY, errors or inconsistent reads, where every
 * workload finished at least {@code minOperations} measured operations, the lowest p99 of
 * {@code metric} among points whose import throughput is at least {@code throughputFloor} of the best
 * such point's.
 */
public record SweepObjective(Metric metric, double throughputFloor, int minOperations) {

    /** What a recommendation minimises. */
    public enum Metric {
        /** p99 wait of the writing workloads that are not imports; every non-import workload's where there are none. */
        WRITER_WAIT("writer-wait", "p99 wait of the interactive writers (the writing workloads that are not imports)"),
        WAIT("wait", "p99 wait of the workloads other than the imports"),
        LATENCY("latency", "p99 latency of the workloads other than the imports");

        private final String option;
        private final String meaning;

        Metric(String option, String meaning) {
            this.option = option;
            this.meaning = meaning;
        }

        public String option() {
            return option;
        }

        public String meaning() {
            return meaning;
        }
    }

    public static final SweepObjective DEFAULT = new SweepObjective(Metric.WRITER_WAIT, 0.8, 30);

    public SweepObjective {
        if (!(throughputFloor >= 0 && throughputFloor <= 1)) {
            throw new IllegalArgumentException("throughput floor " + throughputFloor);
        }
        if (minOperations < 0) {
            throw new IllegalArgumentException("minimum operations " + minOperations);
        }
    }

    /** The figure a point is ranked by, in milliseconds. */
    double value(SweepPoint p) {
        return switch (metric) {
            case WRITER_WAIT -> Double.isNaN(p.writerWaitP99Ms()) ? p.concurrentWaitP99Ms() : p.writerWaitP99Ms();
            case WAIT -> p.concurrentWaitP99Ms();
            case LATENCY -> p.concurrentP99Ms();
        };
    }

    /** The rule in one sentence, printed with every recommendation. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "lowest %s with import throughput at least %.0f%% of the best, among points with no BUSY, errors or"
                        + " inconsistent reads and at least %d measured operations in every workload"
                        + " (--objective %s --throughput-floor %s --min-ops %d)",
                metric.meaning,
                100 * throughputFloor,
                minOperations,
                metric.option,
                Double.toString(throughputFloor),
                minOperations);
    }
}
