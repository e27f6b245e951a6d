package io.lockbench.store.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.lock.LockTable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An import stands aside for other processes only while one has the database open: here the
 * {@code sqlite3} shell, whose open WAL connection keeps its lock on the {@code -shm} file. Every
 * message insert is slowed past the 1 ms of hold after which the import pauses, so the count of
 * pauses does not depend on the machine's speed.
 */
class LockYieldTest {

    @TempDir
    Path dir;

    private static boolean onPath(String command) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> java.nio.file.Files.isExecutable(Path.of(dir, command)));
    }

    private StoreConfig config() {
        return TestStores.config(dir, "batch_size", "1", "import_yield_after_ms", "1", "import_yield_ms", "2");
    }

    @Test
    void anImportAloneNeverPauses() throws Exception {
        Path root = TestStores.copyFixture(dir);
        try (SessionStore store = SessionStore.open(config())) {
            BatchedTransactionsTest.slowDownEveryMessage(store);
            ImportReport report = store.importer().importAll(root, ImportOptions.defaults());
            assertThat(report.transactions()).isGreaterThan(10);
            assertThat(report.yields()).isZero();
        }
    }

    @Test
    void anImportPausesWhileAnotherProcessHasTheDatabaseOpen() throws Exception {
        assumeTrue(LockTable.available(), "needs /proc/locks");
        assumeTrue(onPath("sqlite3"), "needs the sqlite3 shell");
        Path root = TestStores.copyFixture(dir);
        try (SessionStore store = SessionStore.open(config())) {
            BatchedTransactionsTest.slowDownEveryMessage(store);
            Process shell = new ProcessBuilder("sqlite3", store.config().path().toString())
                    .redirectErrorStream(true)
                    .start();
            try (Writer in = shell.outputWriter(StandardCharsets.UTF_8);
                    BufferedReader out =
                            new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8))) {
                in.write("SELECT 'open', count(*) FROM sessions;\n");
                in.flush();
                assertThat(out.readLine()).startsWith("open|");

                ImportReport report = store.importer().importAll(root, ImportOptions.defaults());

                assertThat(report.yields()).isPositive();
                assertThat(report.yieldNanos()).isGreaterThanOrEqualTo(report.yields() * 2_000_000L);
            } finally {
                shell.destroy();
                shell.waitFor();
            }
        }
    }
}
