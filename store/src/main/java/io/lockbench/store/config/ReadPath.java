package io.lockbench.store.config;

/** How the read repository runs a request: PLAIN runs each query on its own outside a transaction (one request can see several database states), SNAPSHOT runs the whole request in one read transaction. */
public enum ReadPath implements ConfigChoice {
    PLAIN,
    SNAPSHOT;

    @Override
    public String configName() {
        return ConfigChoice.lower(this);
    }
}
