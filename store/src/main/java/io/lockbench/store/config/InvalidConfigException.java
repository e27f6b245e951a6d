package io.lockbench.store.config;

import io.lockbench.store.failure.LockbenchFailure;

/**
 * A configuration value that cannot be used. The message always starts with the key, so a user
 * sees which line of a scenario file or which option to fix.
 */
public final class InvalidConfigException extends IllegalArgumentException implements LockbenchFailure {

    @Override
    public Kind kind() {
        return Kind.USAGE;
    }

    private final String key;
    private final String problem;

    public InvalidConfigException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
        this.problem = problem;
    }

    public String key() {
        return key;
    }

    /** What is wrong and what is allowed, without the key (a caller that names the key its own way adds it). */
    public String problem() {
        return problem;
    }
}
