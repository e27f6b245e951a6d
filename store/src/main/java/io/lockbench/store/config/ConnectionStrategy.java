package io.lockbench.store.config;

/** How the store obtains connections. */
public enum ConnectionStrategy implements ConfigChoice {
    /** A new connection for every repository call: the connection churn of the "before" post-mortem. */
    PER_CALL,
    /** One shared pool serves reads and writes. */
    POOLED,
    /** One writer connection and a read-only reader pool ({@code query_only}). */
    SPLIT;

    @Override
    public String configName() {
        return ConfigChoice.lower(this);
    }
}
