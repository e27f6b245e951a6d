package io.lockbench.harness.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.cli.InProcessCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's schema, seed and scripts cannot reach beyond the run's database (another file, the
 * {@code store.from} original, the run's settings), whatever their spelling: the check reads statements
 * where SQLite ends them and first words as SQLite reads them, and SQLite itself refuses to attach.
 */
class ReachBeyondTheRunTest {

    private static final String BOM = "\uFEFF";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private InProcessCli.Result run(Path scenario) {
        return InProcessCli.runScenario(scenario, dir, "t");
    }

    private Path original() throws Exception {
        Path original = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + original);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = delete");
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER)");
            s.execute("INSERT INTO orders (total) VALUES (1), (2), (3)");
        }
        return original;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private Path scenario(String store, String seed) throws Exception {
        write("bump.sql", "UPDATE orders SET total = total + 1 WHERE id = 1;\n");
        return write(
                "s.yaml",
                "name: s\nstore: " + store + "\nrun: {duration: 300ms}\n" + seed
                        + "workloads:\n  - {name: bump, type: sql, params: {script: bump.sql}}\n");
    }

    @Test
    void anAttachAfterASemicolonOnTheSameLine_isRefusedAndTheOriginalKeepsItsBytes() throws Exception {
        Path original = original();
        String before = sha256(original);
        write("schema.sql", "CREATE TABLE t (x);;ATTACH '" + original + "' AS o; DROP TABLE o.orders;\n");
        InProcessCli.Result r = run(scenario("{from: app.db, schema: schema.sql}", ""));
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("schema.sql:1:", "ATTACH is refused");
        assertThat(sha256(original)).isEqualTo(before);
    }

    @Test
    void aByteOrderMarkGluedToPragma_isRefusedInTheSchemaTheSeedAndAScript() throws Exception {
        original();
        write("schema.sql", "CREATE TABLE t (x);\n" + BOM + "PRAGMA user_version = 7;\n");
        InProcessCli.Result schema = run(scenario("{from: app.db, schema: schema.sql}", ""));
        assertThat(schema.exit()).as(schema.err()).isEqualTo(2);
        assertThat(schema.err()).contains("schema.sql:2:", "U+FEFF", "plain ASCII");

        write("seed.sql", "INSERT INTO orders (total) VALUES (9);\n" + BOM + "PRAGMA busy_timeout = 1;\n");
        InProcessCli.Result seed = run(scenario("{from: app.db}", "seed: {sql: {script: seed.sql}}\n"));
        assertThat(seed.exit()).as(seed.err()).isEqualTo(2);
        assertThat(seed.err()).contains("seed.sql:2:", "U+FEFF");

        Path scenario = scenario("{from: app.db}", "");
        write("bump.sql", "UPDATE orders SET total = total + 1 WHERE id = 1;\n" + BOM + "VACUUM INTO 'x.db';\n");
        InProcessCli.Result script = run(scenario);
        assertThat(script.exit()).as(script.err()).isEqualTo(2);
        assertThat(script.err()).contains("bump.sql:2:", "U+FEFF");
        assertThat(dir.resolve("x.db")).doesNotExist();
    }

    @Test
    void aByteOrderMarkAtTheStartOfAFile_isAnEditorsAndTheFileRuns() throws Exception {
        original();
        write("schema.sql", BOM + "CREATE TABLE t (x);\n");
        write("seed.sql", BOM + "INSERT INTO t VALUES (1);\n");
        Path scenario = scenario("{from: app.db, schema: schema.sql}", "seed: {sql: {script: seed.sql}}\n");
        write("bump.sql", BOM + "UPDATE orders SET total = total + 1 WHERE id = 1;\n");
        InProcessCli.Result r = run(scenario);
        assertThat(r.exit()).as(r.err()).isZero();
    }

    @Test
    void aTriggerInTheSchema_runsWhole() throws Exception {
        original();
        write("schema.sql", """
                CREATE TABLE audit (id INTEGER, at TEXT);
                CREATE TRIGGER orders_audit AFTER UPDATE ON orders BEGIN
                  INSERT INTO audit VALUES (new.id, 'x;y');
                  UPDATE audit SET at = CASE WHEN at = 'x' THEN 'y' ELSE at END WHERE id = new.id;
                END;
                """);
        InProcessCli.Result r =
                InProcessCli.runScenario(scenario("{from: app.db, schema: schema.sql}", ""), dir, "t", "--keep-db");
        assertThat(r.exit()).as(r.err()).isZero();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("work/t/lockbench.db"));
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) > 0 FROM audit")) {
            rs.next();
            assertThat(rs.getBoolean(1))
                    .as("the trigger fired on the workload's updates")
                    .isTrue();
        }
    }
}
