package io.lockbench.store.config;

/** How write transactions begin: DEFERRED takes the write lock at the first write, IMMEDIATE at BEGIN. */
public enum TransactionMode implements ConfigChoice {
    DEFERRED,
    IMMEDIATE;

    @Override
    public String configName() {
        return ConfigChoice.lower(this);
    }
}
