package io.lockbench.harness;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules of the code's shape that no compiler checks: the store's face is all the harness sees of it,
 * the store never reaches back into the harness, packages form no cycle, and only the backend
 * implementations ask which backend a store is on.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // The store's classes come as a jar when the harness is tested on its own: keep that one jar.
            .withImportOption(location ->
                    !location.isJar() || (location.contains("lockbench-store-") && !location.contains("-tests.jar")))
            .importPackages("io.lockbench");

    /**
     * What the harness (or any other program) may use of the store: the root package (SessionStore,
     * Database, DatabaseErrors), its configuration, transcripts, importer, queries, lock accounting, failures, the SQL-access
     * types and the WAL view. {@code store.db} (pools, backends, migrations, PRAGMAs) stays inside.
     */
    @Test
    void theHarnessUsesOnlyTheStoresFace() {
        noClasses()
                .that()
                .resideInAPackage("io.lockbench.harness..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.lockbench.store.db..")
                .because("store.db is the store's inside; add a method to SessionStore or Database instead")
                .check(MAIN);
    }

    @Test
    void theStoreNeverDependsOnTheHarness() {
        noClasses()
                .that()
                .resideInAPackage("io.lockbench.store..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.lockbench.harness..")
                .check(MAIN);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.lockbench.(**)").should().beFreeOfCycles().check(MAIN);
    }

    private static final Path ROOT = Files.isDirectory(Path.of("../store")) ? Path.of("..") : Path.of(".");

    /** Asking which backend: the configuration's flag, the enum's constants, a driver's connection class. */
    private static final Pattern ASKS_BACKEND = Pattern.compile(
            "\\.postgresql\\(\\)|Backend\\.(POSTGRESQL|SQLITE)|PGConnection|SQLiteConnection|jdbc:postgresql|jdbc:sqlite");

    /**
     * Where asking is the point: the backend type and its two implementations (the Sqlite* and
     * Postgres* classes of store.db), the configuration and its settings table, which validate per backend, and SQLite's
     * busy-handler hooks, which exist only for SQLite connections; and the benchmark's other writer, which
     * plays another application on the SQLite file, with a plain connection and SQLite's own busy handler.
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
                || path.endsWith("store/lock/FirstWriteWatch.java")
                || path.endsWith("harness/bench/OtherWriter.java");
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
