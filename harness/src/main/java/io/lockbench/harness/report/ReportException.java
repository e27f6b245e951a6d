package io.lockbench.harness.report;

/** A run or result file that cannot be reported on, with what is wrong with it. */
public final class ReportException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }
}
