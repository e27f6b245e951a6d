package io.lockbench.harness.gate;

import io.lockbench.store.failure.LockbenchFailure;

/** The gate could not measure (a block failed, a baseline is missing): exit 3, never a verdict. */
public final class GateException extends RuntimeException implements LockbenchFailure {

    @Override
    public Kind kind() {
        return Kind.FAILED;
    }

    private static final long serialVersionUID = 1L;

    public GateException(String message) {
        super(message);
    }
}
