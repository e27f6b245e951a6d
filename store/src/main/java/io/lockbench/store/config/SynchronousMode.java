package io.lockbench.store.config;

/** Durability level (PRAGMA synchronous). */
public enum SynchronousMode implements ConfigChoice {
    OFF, NORMAL, FULL, EXTRA;

    @Override
    public String configName() {
        return ConfigChoice.lower(this);
    }
}
