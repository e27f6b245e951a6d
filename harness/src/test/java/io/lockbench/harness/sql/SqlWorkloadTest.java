package io.lockbench.harness.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.cli.InProcessCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sql} workloads run end to end by {@code lockbench run}, on tables of the scenario's own. */
class SqlWorkloadTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private InProcessCli.Result run(Path scenario, String... more) {
        return InProcessCli.runScenario(scenario, dir, "t", more);
    }

    private Path notesScenario(String workload) throws Exception {
        write("schema.sql", "CREATE TABLE notes (id INTEGER PRIMARY KEY, author INTEGER, body TEXT NOT NULL);\n");
        write("add.sql", "INSERT INTO notes (author, body) VALUES (:client_id, :body);\n");
        return write("notes.yaml", """
                name: notes
                store: {schema: schema.sql}
                run: {duration: 400ms}
                workloads:
                """ + workload);
    }

    private static List<String> column(Path db, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    @Test
    void aValueWithSqlInIt_isBoundAsAParameterAndStoredVerbatim() throws Exception {
        String hostile = "x'); DROP TABLE notes; --";
        Path scenario = notesScenario("""
                  - name: add
                    type: sql
                    operations: 5
                    params: {script: add.sql, batch_size: 3, vars: {body: "x'); DROP TABLE notes; --"}}
                """);
        InProcessCli.Result r = run(scenario, "--keep-db");
        assertThat(r.exit()).as(r.err()).isZero();
        Path db = dir.resolve("work/t/lockbench.db");
        assertThat(column(db, "SELECT body FROM notes")).hasSize(15).containsOnly(hostile);
        assertThat(column(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
                .as("the scenario's table and none of lockbench's")
                .containsExactly("notes");
    }

    @Test
    void aStatementOnATableThatDoesNotExist_failsBeforeTheRunWithItsFileAndLine() throws Exception {
        write("typo.sql", "\\set n random(1, 9)\nINSERT INTO nots (author, body) VALUES (:n, 'x');\n");
        Path scenario = notesScenario("""
                  - {name: add, type: sql, params: {script: typo.sql}}
                """);
        InProcessCli.Result r = run(scenario);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("typo.sql:2: cannot be prepared on the run's database", "no such table: nots");
        assertThat(dir.resolve("results/t/run.json")).doesNotExist();
    }

    @Test
    void aRefusedScriptFailsWhenTheScenarioLoads() throws Exception {
        write("pragma.sql", "SELECT 1;\nPRAGMA synchronous = off;\n");
        Path scenario = notesScenario("""
                  - {name: add, type: sql, params: {script: pragma.sql}}
                """);
        InProcessCli.Result r = run(scenario);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("pragma.sql:2:", "workloads[0].params.script", "PRAGMA is refused");
    }

    @Test
    void aBatchSizeForAScriptWithItsOwnTransaction_isRefusedNamingTheKey() throws Exception {
        write("own.sql", "BEGIN;\nINSERT INTO notes (author, body) VALUES (1, 'a');\nCOMMIT;\n");
        Path scenario = notesScenario("""
                  - {name: add, type: sql, params: {script: own.sql, batch_size: 10}}
                """);
        InProcessCli.Result r = run(scenario);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("params.batch_size", "must be 1 for scripts with their own BEGIN");
    }

    @Test
    void weightedScriptsWithTheirOwnTransactions_andAReadOnlyDashboard_runAndCountTheirOperations() throws Exception {
        write(
                "own.sql",
                "\\set a random(1, 1000)\nBEGIN IMMEDIATE;\nINSERT INTO notes (author, body) VALUES (:a, 'o');\n"
                        + "\\sleep 1 ms\nEND;\n");
        write(
                "two.sql",
                "BEGIN;\nINSERT INTO notes (author, body) VALUES (2, 't');\n"
                        + "INSERT INTO notes (author, body) VALUES (2, 't');\nCOMMIT;\n");
        write("count.sql", "SELECT count(*) FROM notes;\n");
        Path scenario = notesScenario("""
                  - name: writers
                    type: sql
                    threads: 2
                    operations: 40
                    params: {scripts: [own.sql@3, two.sql@1]}
                  - name: dashboard
                    type: sql
                    operations: 10
                    params: {script: count.sql, read_only: true}
                """);
        InProcessCli.Result r = run(scenario, "--keep-db");
        assertThat(r.exit()).as(r.err()).isZero();
        Path db = dir.resolve("work/t/lockbench.db");
        long own = Long.parseLong(
                column(db, "SELECT count(*) FROM notes WHERE body = 'o'").get(0));
        long two = Long.parseLong(
                column(db, "SELECT count(*) FROM notes WHERE body = 't'").get(0));
        assertThat(own + two / 2).as("one transaction per operation").isEqualTo(40);
        assertThat(two % 2)
                .as("a two-statement transaction is never cut in half")
                .isZero();
        assertThat(own).as("weight 3 against 1").isGreaterThan(two / 2);
        String runJson = Files.readString(dir.resolve("results/t/run.json"));
        assertThat(runJson).contains("own.sql@3", "\"read_only\" : true");
    }

    @Test
    void aWriteInAReadOnlyScript_failsAsAnError() throws Exception {
        Path scenario = notesScenario("""
                  - {name: sneaky, type: sql, operations: 3, params: {script: add.sql, read_only: true, vars: {body: b}}}
                """);
        InProcessCli.Result r = run(scenario);
        assertThat(r.exit()).as(r.err()).isZero();
        String runJson = Files.readString(dir.resolve("results/t/run.json"));
        assertThat(runJson).contains("\"other_errors\" : 3");
    }

    @Test
    void seedSqlFillsTheTablesBeforeTheMeasuredWindow() throws Exception {
        write("fill.sql", "\\set a random(1, 5)\nINSERT INTO notes (author, body) VALUES (:a, 'seed');\n");
        Path scenario = notesScenario("""
                  - {name: none, type: sql, operations: 1, params: {script: add.sql, vars: {body: b}}}
                seed: {sql: {script: fill.sql, executions: 2500}}
                """);
        InProcessCli.Result r = run(scenario, "--keep-db");
        assertThat(r.exit()).as(r.err()).isZero();
        Path db = dir.resolve("work/t/lockbench.db");
        assertThat(column(db, "SELECT count(*) FROM notes WHERE body = 'seed'")).containsExactly("2500");
        String runJson = Files.readString(dir.resolve("results/t/run.json"));
        assertThat(runJson)
                .as("where the tables came from is in the run's record")
                .contains("schema.sql", "fill.sql");
    }

    @Test
    void aSchemaThatAttachesAnotherDatabase_isRefusedAtItsLine() throws Exception {
        write("schema2.sql", "CREATE TABLE a (x);\n  attach database 'other.db' as o;\n");
        write("add2.sql", "INSERT INTO a VALUES (1);\n");
        Path scenario = write("attach.yaml", """
                name: attach
                store: {schema: schema2.sql}
                workloads:
                  - {name: add, type: sql, params: {script: add2.sql}}
                """);
        InProcessCli.Result r = run(scenario);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("schema2.sql:2:", "store.schema", "ATTACH is refused");
    }

    @Test
    void aRunWithItsOwnTablesRefusesWorkloadsOnLockbenchsTables() throws Exception {
        Path scenario = notesScenario("""
                  - {name: add, type: sql, params: {script: add.sql, vars: {body: b}}}
                  - {name: list, type: list-sessions}
                """);
        InProcessCli.Result r = run(scenario);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("workloads.list.type", "list-sessions works on lockbench's tables", "use type: sql");
    }

    @Test
    void aWeightThatIsNotAPositiveWholeNumber_isRefusedNamingTheScript() throws Exception {
        for (String weight : new String[] {"0", "x", "1.5", ""}) {
            Path scenario = notesScenario("""
                      - {name: add, type: sql, params: {scripts: ["add.sql@%s"], vars: {body: b}}}
                    """.formatted(weight));
            InProcessCli.Result r = run(scenario);
            assertThat(r.exit()).as(weight).isEqualTo(2);
            assertThat(r.err())
                    .as(weight)
                    .contains("params.scripts", "add.sql@" + weight, "a weight is a whole number");
        }
    }

    @Test
    void scriptsWithAndWithoutTheirOwnTransaction_areNotMixed() throws Exception {
        write("own.sql", "BEGIN;\nINSERT INTO notes (author, body) VALUES (1, 'a');\nCOMMIT;\n");
        Path scenario = notesScenario("""
                  - {name: add, type: sql, params: {scripts: [own.sql, add.sql], vars: {body: b}}}
                """);
        InProcessCli.Result r = run(scenario);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("params.scripts", "mixes scripts with their own BEGIN");
    }
}
