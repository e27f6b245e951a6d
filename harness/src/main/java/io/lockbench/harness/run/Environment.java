package io.lockbench.harness.run;

import io.lockbench.store.SessionStore;
import io.lockbench.store.db.Pragmas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fingerprint of where a run happened, so two results can be compared knowingly. */
final class Environment {

    private Environment() {
    }

    static Map<String, Object> describe(SessionStore store) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("java_version", System.getProperty("java.version"));
        env.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.put("cpus", Runtime.getRuntime().availableProcessors());
        env.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        Path directory = store.config().path().toAbsolutePath().getParent();
        try {
            var fileStore = Files.getFileStore(directory);
            env.put("file_system", fileStore.type());
        } catch (IOException e) {
            env.put("file_system", "unknown (" + e.getMessage() + ")");
        }
        try (Connection c = store.connections().openReader()) {
            env.put("sqlite_version", Pragmas.sqliteVersion(c));
            env.put("sqlite_compile_options", Pragmas.compileOptions(c));
        } catch (SQLException e) {
            env.put("sqlite_version", "unknown (" + e.getMessage() + ")");
        }
        env.put("ci", System.getenv("CI") != null);
        return env;
    }
}
