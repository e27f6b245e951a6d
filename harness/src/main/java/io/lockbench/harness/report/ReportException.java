package io.lockbench.harness.report;

import io.lockbench.store.failure.LockbenchFailure;

/** A run or result file that cannot be reported on, with what is wrong with it. */
public final class ReportException extends RuntimeException implements LockbenchFailure {

    @Override
    public Kind kind() {
        return Kind.USAGE;
    }

    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }
}
