package io.lockbench.store.config;

/** The database server behind the store. */
public enum Backend implements ConfigChoice {
    /** A SQLite file on local disk, opened in-process: the default, nothing to install. */
    SQLITE,
    /** A PostgreSQL server reached through a JDBC URL ({@code url}). */
    POSTGRESQL;

    @Override
    public String configName() {
        return ConfigChoice.lower(this);
    }
}
