package io.lockbench.harness.run;

import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.db.PostgresSchemas;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The fresh database one run works in: a SQLite file in the run's work directory, or on PostgreSQL a
 * schema of its own on the scenario's server, dropped at the end unless the run keeps its database.
 * Worker and server processes are handed its {@link #location()} and open the same database.
 */
final class RunDatabase implements AutoCloseable {

    private final StoreConfig config;
    private final String schema;
    private final boolean keep;

    private RunDatabase(StoreConfig config, String schema, boolean keep) {
        this.config = config;
        this.schema = schema;
        this.keep = keep;
    }

    static RunDatabase create(StoreConfig scenarioStore, Path work, String runId, boolean keep) {
        if (!scenarioStore.postgresql()) {
            return new RunDatabase(
                    scenarioStore.with(
                            StoreConfig.PATH, work.resolve("lockbench.db").toString()),
                    null,
                    keep);
        }
        String schema = "lockbench_run_"
                + runId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        schema = schema.length() > 63 ? "lockbench_run_" + schema.substring(schema.length() - 40) : schema;
        return new RunDatabase(PostgresSchemas.create(scenarioStore, schema), schema, keep);
    }

    /** The store configuration of this run's database. */
    StoreConfig config() {
        return config;
    }

    /** The SQLite file, or the PostgreSQL URL naming the run's schema. */
    String location() {
        return config.postgresql() ? config.url() : config.path().toString();
    }

    /** The scenario's store configuration pointed at the database a run handed over as {@link #location()}. */
    static StoreConfig open(StoreConfig scenarioStore, String location) {
        return scenarioStore.postgresql()
                ? scenarioStore.with(StoreConfig.URL, location)
                : scenarioStore.with(StoreConfig.PATH, location);
    }

    @Override
    public void close() {
        if (schema != null && !keep) {
            PostgresSchemas.drop(config, schema);
        }
    }
}
