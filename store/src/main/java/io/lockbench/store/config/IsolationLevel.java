package io.lockbench.store.config;

import java.util.Locale;

/** PostgreSQL's {@code default_transaction_isolation} for the store's write transactions. */
public enum IsolationLevel implements ConfigChoice {
    READ_COMMITTED,
    REPEATABLE_READ,
    SERIALIZABLE;

    @Override
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    @Override
    public String toString() {
        return configName();
    }
}
