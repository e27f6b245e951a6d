package io.lockbench.store.config;

/** SQLite journal mode (PRAGMA journal_mode). */
public enum JournalMode implements ConfigChoice {
    DELETE,
    TRUNCATE,
    PERSIST,
    MEMORY,
    WAL,
    OFF;

    @Override
    public String configName() {
        return ConfigChoice.lower(this);
    }
}
