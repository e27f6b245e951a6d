package io.lockbench.harness.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.importer.ImportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults of the database file met by a real {@code lockbench} process: a message a person can act
 * on, a non-zero exit, and nothing already committed lost.
 */
@ProcessTest
class DatabaseFaultsTest {

    @TempDir
    Path dir;

    private Path corpus;
    private Map<String, List<String>> clean;

    @BeforeEach
    void corpus() throws Exception {
        corpus = new CorpusGenerator(new CorpusSpec(31, 30, 25, 2, 150, Instant.parse("2026-06-01T00:00:00Z"), 4, 0))
                .writeTo(dir.resolve("corpus"))
                .root();
        Files.createDirectories(dir.resolve("clean"));
        try (SessionStore store = SessionStore.open(TestStores.config(dir.resolve("clean")))) {
            store.importer().importAll(corpus, ImportOptions.defaults());
            clean = TestStores.dump(store);
        }
    }

    private LockbenchProcess lockbench(List<String> prefix, String... args) throws Exception {
        return LockbenchProcess.start(dir.resolve("logs"), prefix, args);
    }

    private void assertImportCompletesToClean(Path db) throws Exception {
        LockbenchProcess resume = lockbench(List.of(), "import", corpus.toString(), "--db", db.toString());
        assertThat(resume.await(120)).as(resume.output()).isZero();
        try (SessionStore store = SessionStore.open(StoreConfig.defaults(db))) {
            assertThat(TestStores.dump(store)).isEqualTo(clean);
            assertThat(TestStores.count(
                            store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"))
                    .isZero();
        }
    }

    @Test
    void diskFullStopsTheImportWithAHintAndKeepsWhatWasCommitted() throws Exception {
        Path db = dir.resolve("full.db");
        // A file-size limit of 1 MB (ulimit counts 512-byte blocks) stands in for a full disk.
        LockbenchProcess limited = lockbench(
                List.of("bash", "-c", "ulimit -f 2048; exec \"$0\" \"$@\""),
                "import",
                corpus.toString(),
                "--db",
                db.toString());
        assertThat(limited.await(120)).as(limited.output()).isEqualTo(1);
        assertThat(limited.output().strip())
                .startsWith("lockbench: import of")
                .contains("disk may be full")
                .contains("run the import again to resume")
                .doesNotContain("Exception")
                .doesNotContain("\n");
        assertImportCompletesToClean(db);
    }

    @Test
    void writeLockHeldByAnotherProcessPastTheTimeoutIsReportedThenTheImportResumes() throws Exception {
        Path db = dir.resolve("locked.db");
        SessionStore.open(StoreConfig.defaults(db)).close();
        Process holder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        HoldWriteLock.class.getName(),
                        db.toString())
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(new String(holder.getInputStream().readNBytes(7))).isEqualTo("holding");
            LockbenchProcess importer = lockbench(
                    List.of(), "import", corpus.toString(), "--db", db.toString(), "--set", "busy_timeout_ms=300");
            assertThat(importer.await(120)).as(importer.output()).isEqualTo(1);
            assertThat(importer.output())
                    .contains("is locked by another connection or process")
                    .contains("busy_timeout_ms")
                    .doesNotContain("Exception");
            if (io.lockbench.store.lock.LockTable.available()) {
                LockbenchProcess diagnose =
                        lockbench(List.of(), "diagnose", "--db", db.toString(), "--lock-wait-ms", "100");
                assertThat(diagnose.await(60)).as(diagnose.output()).isZero();
                assertThat(diagnose.output())
                        .as("diagnose names the holder from the kernel's lock table")
                        .contains("write lock:    LOCKED: process " + holder.pid() + " (")
                        .contains("java " + HoldWriteLock.class.getSimpleName() + " " + db);
            }
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertImportCompletesToClean(db);
    }

    @ParameterizedTest(name = "journal_mode={0}")
    @ValueSource(strings = {"delete", "wal"})
    void diagnoseNamesTheProcessHoldingAnotherApplicationsWriteLock_andChangesNothing(String journalMode)
            throws Exception {
        assumeTrue(io.lockbench.store.lock.LockTable.available(), "the holder is named from /proc/locks");
        Path db = dir.resolve("app.db");
        Process holder = new ProcessBuilder(
                        "python3",
                        "-c",
                        String.join(
                                "\n",
                                "import sqlite3, sys, time",
                                "c = sqlite3.connect(sys.argv[1], isolation_level=None)",
                                "c.execute('PRAGMA journal_mode=" + journalMode + "')",
                                "c.execute('CREATE TABLE jobs (id INTEGER PRIMARY KEY, payload TEXT)')",
                                "c.execute('BEGIN IMMEDIATE')",
                                "c.execute(\"INSERT INTO jobs (payload) VALUES ('x')\")",
                                "print('holding', flush=True)",
                                "time.sleep(600)"),
                        db.toString())
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(new String(holder.getInputStream().readNBytes(7))).isEqualTo("holding");
            String before = digest(db);

            LockbenchProcess diagnose = lockbench(List.of(), "diagnose", "--db", db.toString(), "--lock-wait-ms", "50");

            assertThat(diagnose.await(60)).as(diagnose.output()).isZero();
            assertThat(diagnose.output())
                    .contains("another application's SQLite database", "journal_mode:  " + journalMode)
                    .contains("write lock:    LOCKED: process " + holder.pid() + " (")
                    .contains("(waited 50 ms;");
            assertThat(digest(db)).isEqualTo(before);
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String digest(Path file) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void truncatedDatabaseIsReportedAndLeftUntouched() throws Exception {
        Path whole = dir.resolve("clean/store.db");
        Path truncated = dir.resolve("truncated.db");
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 3));
        byte[] before = Files.readAllBytes(truncated);
        for (String command : List.of("sessions", "import")) {
            LockbenchProcess p = command.equals("import")
                    ? lockbench(List.of(), "import", corpus.toString(), "--db", truncated.toString())
                    : lockbench(List.of(), "sessions", "--db", truncated.toString());
            assertThat(p.await(60)).as(p.output()).isEqualTo(1);
            assertThat(p.output().strip())
                    .contains("not a SQLite database or is corrupt")
                    .contains("move it aside")
                    .doesNotContain("\n");
        }
        assertThat(Files.readAllBytes(truncated)).isEqualTo(before);
    }

    @Test
    void readOnlyDirectoryIsReportedAndNothingCommittedIsLost() throws Exception {
        Path ro = Files.createDirectories(dir.resolve("ro"));
        Path db = ro.resolve("store.db");
        Files.copy(dir.resolve("clean/store.db"), db);
        boolean immutable =
                new ProcessBuilder("chattr", "+i", ro.toString()).start().waitFor() == 0;
        if (!immutable) {
            ro.toFile().setWritable(false);
        }
        try {
            assumeTrue(!Files.isWritable(ro) || immutable, "cannot make a directory read-only here");
            LockbenchProcess p = lockbench(List.of(), "import", corpus.toString(), "--db", db.toString());
            assertThat(p.await(60)).as(p.output()).isEqualTo(1);
            assertThat(p.output().strip())
                    .contains("directory exists and is writable")
                    .doesNotContain("\n");
        } finally {
            if (immutable) {
                new ProcessBuilder("chattr", "-i", ro.toString()).start().waitFor();
            } else {
                ro.toFile().setWritable(true);
            }
        }
        try (SessionStore store = SessionStore.open(StoreConfig.defaults(db))) {
            assertThat(TestStores.dump(store)).isEqualTo(clean);
        }
    }
}
