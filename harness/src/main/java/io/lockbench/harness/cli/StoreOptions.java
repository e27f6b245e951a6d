package io.lockbench.harness.cli;

import io.lockbench.store.SessionStore;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import java.io.IOException;
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

    static final String SET_DESCRIPTION = "Store setting, e.g. --set batch_size=10 --set journal_mode=delete."
            + " Keys: ${COMPLETION-CANDIDATES} (lockbench settings lists each with its backend, default and range).";

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            completionCandidates = SettingsCommand.Keys.class,
            description = SET_DESCRIPTION)
    Map<String, String> settings = new LinkedHashMap<>();

    StoreConfig config() {
        return StoreConfig.fromMap(db, settings);
    }

    /** Opens the store, creating the default data directory (and only that one) when it is missing. */
    SessionStore open(StoreConfig config) throws IOException {
        if (config.has(Settings.PATH) && config.path().equals(DEFAULT_DB)) {
            Files.createDirectories(DEFAULT_DB.getParent());
        }
        return SessionStore.open(config);
    }

    SessionStore open() throws IOException {
        return open(config());
    }

    /** Opens an existing lockbench database for a command that only reads: nothing is created or changed. */
    SessionStore openReadOnly() {
        return SessionStore.openReadOnly(config());
    }
}
