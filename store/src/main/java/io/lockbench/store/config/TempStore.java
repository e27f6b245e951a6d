package io.lockbench.store.config;

/** Where temporary tables and indexes live (PRAGMA temp_store). */
public enum TempStore implements ConfigChoice {
    DEFAULT,
    FILE,
    MEMORY;

    @Override
    public String configName() {
        return ConfigChoice.lower(this);
    }
}
