package io.lockbench.harness.results;

/** The histograms kept per workload, all in nanoseconds. */
public enum Metric {
    /** From the intended start (open loop) or the actual start (closed loop) to the end of the operation. */
    LATENCY("latency"),
    /** Time inside the busy handler waiting for SQLite's lock. */
    LOCK_WAIT("lock_wait"),
    /** Time waiting for a connection (the single-writer queue under the split strategy). */
    CONNECTION_WAIT("connection_wait"),
    /** Lock wait plus connection wait: all the time an operation spent waiting for its turn to write. */
    WAIT("wait"),
    /** Write-lock hold: from the moment the write lock is held to commit or rollback, for the operation's longest write transaction. */
    HOLD("hold"),
    /** {@link #LATENCY} of the operations that succeeded. */
    SUCCESS("success"),
    /** {@link #LATENCY} of the operations that ended in an error: how long it took to fail. */
    FAILURE("failure");

    private final String label;

    Metric(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Metric fromLabel(String label) {
        for (Metric metric : values()) {
            if (metric.label.equals(label)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("unknown metric " + label);
    }
}
