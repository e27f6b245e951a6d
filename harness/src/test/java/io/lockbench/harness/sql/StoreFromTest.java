package io.lockbench.harness.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.cli.InProcessCli;
import io.lockbench.store.Database;
import io.lockbench.store.config.StoreConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store.from}: a run starts from a copy of an application's SQLite database, which it never
 * writes to, and the copy is consistent even while another process writes to the original.
 */
@ProcessTest
class StoreFromTest {

    @TempDir
    Path dir;

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String one(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void anIdleOriginal_isByteForByteTheSameAfterARunOnItsCopy() throws Exception {
        Path original = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + original);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = delete");
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)"
                    + " INSERT INTO orders (total) SELECT i * 3 FROM n");
        }
        String before = sha256(original);
        Files.writeString(
                dir.resolve("bump.sql"),
                "\\set id random(1, 500)\nUPDATE orders SET total = total + 1 WHERE id = :id;\n");
        Path scenario = Files.writeString(dir.resolve("from.yaml"), """
                name: from
                store: {from: app.db}
                run: {duration: 300ms}
                workloads:
                  - {name: bump, type: sql, operations: 50, params: {script: bump.sql, batch_size: 5}}
                """);
        InProcessCli.Result r = InProcessCli.runScenario(scenario, dir, "t", "--keep-db");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(sha256(original)).as("the original's bytes").isEqualTo(before);
        assertThat(one(original, "PRAGMA journal_mode")).isEqualTo("delete");
        assertThat(one(original, "SELECT sum(total) FROM orders")).isEqualTo(Long.toString(3L * 500 * 501 / 2));
        Path copy = dir.resolve("work/t/lockbench.db");
        assertThat(one(copy, "SELECT sum(total) FROM orders"))
                .as("the copy took the 250 increments")
                .isEqualTo(Long.toString(3L * 500 * 501 / 2 + 250));
        assertThat(one(copy, "PRAGMA journal_mode"))
                .as("the run's settings apply to the copy")
                .isEqualTo("wal");
    }

    @Test
    void aWalOriginalNobodyHasOpen_getsNoWalOrShmFileBesideIt() throws Exception {
        Path original = dir.resolve("wal.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + original);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = wal");
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER)");
            s.execute("INSERT INTO orders (total) VALUES (1), (2)");
        }
        assertThat(dir.resolve("wal.db-wal")).as("closed cleanly: no WAL file").doesNotExist();
        String before = sha256(original);
        Files.writeString(dir.resolve("bump.sql"), "UPDATE orders SET total = total + 1 WHERE id = 1;\n");
        Path scenario = Files.writeString(dir.resolve("wal.yaml"), """
                name: wal
                store: {from: wal.db}
                run: {duration: 300ms}
                workloads:
                  - {name: bump, type: sql, params: {script: bump.sql}}
                """);
        InProcessCli.Result r = InProcessCli.runScenario(scenario, dir, "t");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(sha256(original)).isEqualTo(before);
        assertThat(dir.resolve("wal.db-wal")).doesNotExist();
        assertThat(dir.resolve("wal.db-shm")).doesNotExist();
    }

    @Test
    void aCopyTakenWhileAnotherProcessWrites_isConsistent() throws Exception {
        Path original = dir.resolve("busy.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + original);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = wal");
            s.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL, pad BLOB)");
        }
        // Every transaction of the writer adds a credit and the matching debit: any consistent state sums to 0.
        Path writer = Files.writeString(dir.resolve("writer.py"), """
                import os, sqlite3, sys
                db = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
                n = 0
                while not os.path.exists(sys.argv[2]):
                    db.execute("BEGIN IMMEDIATE")
                    for _ in range(20):
                        db.execute("INSERT INTO ledger (amount, pad) VALUES (7, zeroblob(2000))")
                        db.execute("INSERT INTO ledger (amount, pad) VALUES (-7, zeroblob(2000))")
                    db.execute("COMMIT")
                    n += 1
                print(n)
                """, StandardCharsets.UTF_8);
        Path stop = dir.resolve("stop");
        Process process = new ProcessBuilder("python3", writer.toString(), original.toString(), stop.toString())
                .redirectErrorStream(true)
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Long.parseLong(one(original, "SELECT count(*) FROM ledger")) < 200) {
                assertThat(System.nanoTime()).as("the writer never got going").isLessThan(deadline);
                Thread.sleep(20);
            }
            // Copies until the writer has committed while they were taken (at least five copies), so the
            // test does not depend on how fast a loaded machine runs either side.
            long before = Long.parseLong(one(original, "SELECT count(*) FROM ledger"));
            for (int i = 0; i < 5 || Long.parseLong(one(original, "SELECT count(*) FROM ledger")) == before; i++) {
                assertThat(System.nanoTime())
                        .as("the writer stopped committing")
                        .isLessThan(deadline);
                Path copy = dir.resolve("copy-" + i + ".db");
                Database.of(StoreConfig.defaults(copy)).copyFrom(original);
                assertThat(one(copy, "PRAGMA integrity_check")).isEqualTo("ok");
                assertThat(one(copy, "SELECT count(*) % 40 FROM ledger"))
                        .as("whole transactions only")
                        .isEqualTo("0");
                assertThat(one(copy, "SELECT coalesce(sum(amount), 0) FROM ledger"))
                        .isEqualTo("0");
            }
        } finally {
            Files.writeString(stop, "");
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(Long.parseLong(output))
                .as("five transactions before the copies and at least one while they were taken")
                .isGreaterThanOrEqualTo(6);
    }
}
