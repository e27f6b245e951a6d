package io.lockbench.harness.cli;

import io.lockbench.store.SessionStore;
import io.lockbench.store.config.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by every command that opens the store. */
final class StoreOptions {

    static final Path DEFAULT_DB = Path.of("data", "lockbench.db");

    @Option(
            names = "--db",
            paramLabel = "FILE",
            description = "Database file (default: ${DEFAULT-VALUE}).",
            defaultValue = "data/lockbench.db")
    Path db = DEFAULT_DB;

    static final String SET_DESCRIPTION = "Store setting, e.g. --set batch_size=10"
            + " --set journal_mode=delete. Keys: batch_size, busy_handler, busy_interval_ms, busy_timeout_ms, cache_size,"
            + " connection_strategy, foreign_keys, import_strategy, journal_mode, lock_wait_warn_ms, mmap_size, read_path,"
            + " reader_pool_size, synchronous, temp_store, transaction_mode, usage_policy, wal_autocheckpoint;"
            + " with backend=postgresql: url, pool_size, lock_timeout, statement_timeout,"
            + " default_transaction_isolation, synchronous_commit.";

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = SET_DESCRIPTION)
    Map<String, String> settings = new LinkedHashMap<>();

    StoreConfig config() {
        return StoreConfig.fromMap(db, settings);
    }

    /** Opens the store, creating the default data directory (and only that one) when it is missing. */
    SessionStore open(StoreConfig config) throws java.io.IOException {
        if (config.path().equals(DEFAULT_DB)) {
            Files.createDirectories(DEFAULT_DB.getParent());
        }
        return SessionStore.open(config);
    }

    SessionStore open() throws java.io.IOException {
        return open(config());
    }

    /** Opens an existing lockbench database for a command that only reads: nothing is created or changed. */
    SessionStore openReadOnly() {
        return SessionStore.openReadOnly(config());
    }
}
