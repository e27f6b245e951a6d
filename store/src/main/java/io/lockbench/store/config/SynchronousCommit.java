package io.lockbench.store.config;

import java.util.Locale;

/** PostgreSQL's {@code synchronous_commit}: whether a commit waits for its WAL to reach disk. */
public enum SynchronousCommit implements ConfigChoice {
    ON,
    OFF,
    LOCAL,
    REMOTE_WRITE,
    REMOTE_APPLY;

    @Override
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
