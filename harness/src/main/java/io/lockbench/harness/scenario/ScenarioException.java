package io.lockbench.harness.scenario;

import io.lockbench.store.failure.LockbenchFailure;

/**
 * A scenario file or override that cannot be run, with the key it is about, where the key was
 * found ({@code file:line} or {@code --set}) and what would have been allowed.
 */
public final class ScenarioException extends RuntimeException implements LockbenchFailure {

    @Override
    public Kind kind() {
        return Kind.USAGE;
    }

    private static final long serialVersionUID = 1L;

    private final String key;

    public ScenarioException(String where, String key, String problem) {
        super((where == null ? "" : where + ": ") + key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
