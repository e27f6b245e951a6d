package io.lockbench.store.query;

import io.lockbench.store.config.ConfigChoice;

/** Width of a timeline bucket; buckets start at UTC boundaries. */
public enum Bucket implements ConfigChoice {
    MINUTE(60_000L),
    HOUR(3_600_000L),
    DAY(86_400_000L);

    private final long millis;

    Bucket(long millis) {
        this.millis = millis;
    }

    public long millis() {
        return millis;
    }

    @Override
    public String configName() {
        return ConfigChoice.lower(this);
    }
}
