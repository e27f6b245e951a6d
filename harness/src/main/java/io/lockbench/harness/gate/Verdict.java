package io.lockbench.harness.gate;

import io.lockbench.harness.ExitCodes;

/** The outcome of one comparison, and of a whole gate (the worst of its comparisons). */
public enum Verdict {
    PASS(ExitCodes.GATE_PASS),
    INCONCLUSIVE(ExitCodes.GATE_INCONCLUSIVE),
    REGRESSION(ExitCodes.GATE_REGRESSION);

    private final int exitCode;

    Verdict(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The worse of two verdicts: a regression outranks an inconclusive result, which outranks a pass. */
    public Verdict worse(Verdict other) {
        return rank() >= other.rank() ? this : other;
    }

    private int rank() {
        return switch (this) {
            case PASS -> 0;
            case INCONCLUSIVE -> 1;
            case REGRESSION -> 2;
        };
    }
}
