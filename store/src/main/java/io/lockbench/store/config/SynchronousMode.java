package io.lockbench.store.config;

/** Durability level (PRAGMA synchronous). */
public enum SynchronousMode implements ConfigChoice {
    OFF(0),
    NORMAL(1),
    FULL(2),
    EXTRA(3);

    private final int pragmaValue;

    SynchronousMode(int pragmaValue) {
        this.pragmaValue = pragmaValue;
    }

    /** The number {@code PRAGMA synchronous} reads back for this level. */
    public int pragmaValue() {
        return pragmaValue;
    }

    @Override
    public String configName() {
        return ConfigChoice.lower(this);
    }
}
