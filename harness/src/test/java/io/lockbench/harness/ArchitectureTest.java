package io.lockbench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules of the code's shape that no compiler checks, read from the sources of both modules: only the
 * backend implementations ask which backend a store is on.
 */
class ArchitectureTest {

    private static final Path ROOT = Files.isDirectory(Path.of("../store")) ? Path.of("..") : Path.of(".");

    /** Asking which backend: the configuration's flag, the enum's constants, a driver's connection class. */
    private static final Pattern ASKS_BACKEND = Pattern.compile(
            "\\.postgresql\\(\\)|Backend\\.(POSTGRESQL|SQLITE)|PGConnection|SQLiteConnection|jdbc:postgresql|jdbc:sqlite");

    /**
     * Where asking is the point: the backend type and its two implementations (the Sqlite* and
     * Postgres* classes of store.db), the configuration and its settings table, which validate per backend, and SQLite's
     * busy-handler hooks, which exist only for SQLite connections.
     */
    private static boolean mayAsk(Path file) {
        String name = file.getFileName().toString();
        String path = file.toString().replace('\\', '/');
        return path.endsWith("store/db/StoreBackend.java")
                || (path.contains("/store/db/") && (name.startsWith("Sqlite") || name.startsWith("Postgres")))
                || path.endsWith("store/config/StoreConfig.java")
                || path.endsWith("store/config/Settings.java")
                || path.endsWith("store/config/Backend.java")
                || path.endsWith("store/db/DatabaseFile.java")
                || path.endsWith("store/lock/FirstWriteWatch.java");
    }

    @Test
    void onlyTheBackendImplementationsAskWhichBackendAStoreIsOn() throws IOException {
        List<String> asking = new ArrayList<>();
        for (String module : List.of("store", "harness")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    if (mayAsk(file)) {
                        continue;
                    }
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        if (ASKS_BACKEND.matcher(lines.get(i)).find()) {
                            asking.add(ROOT.relativize(file) + ":" + (i + 1) + ": "
                                    + lines.get(i).strip());
                        }
                    }
                }
            }
        }
        assertThat(asking)
                .as("code outside the backends that asks which backend it is on")
                .isEmpty();
    }
}
