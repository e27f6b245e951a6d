package io.lockbench.harness.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.cli.InProcessCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sql workload in worker processes, a sweep over its batch size, and a configuration gate on it. */
@ProcessTest
class SqlSweepAndGateTest {

    @TempDir
    Path dir;

    private Path scenario() throws Exception {
        Files.writeString(dir.resolve("schema.sql"), "CREATE TABLE hits (id INTEGER PRIMARY KEY, n INTEGER);\n");
        Files.writeString(dir.resolve("hit.sql"), "\\set n random(1, 100)\nINSERT INTO hits (n) VALUES (:n);\n");
        Files.writeString(dir.resolve("count.sql"), "SELECT count(*) FROM hits WHERE n = :client_id;\n");
        return Files.writeString(dir.resolve("hits.yaml"), """
                name: hits
                store: {schema: schema.sql}
                run: {duration: 600ms}
                workloads:
                  - {name: hit, type: sql, rate: 100, params: {script: hit.sql, batch_size: 5, bulk: true}}
                  - {name: count, type: sql, rate: 50, params: {script: count.sql, read_only: true}}
                """);
    }

    @Test
    void aSweepVariesTheScriptsBatchSize() throws Exception {
        InProcessCli.Result r = InProcessCli.run(
                "sweep",
                scenario().toString(),
                "--vary",
                "workloads.hit.params.batch_size=1,20",
                // Few operations suffice to make a point eligible here; a loaded machine may run fewer than 30.
                "--min-ops",
                "5",
                "--results",
                dir.resolve("results").toString(),
                "--work",
                dir.resolve("work").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("batch\\_size=1", "batch\\_size=20");
        assertThat(r.out())
                .as("the bulk sql workload is the throughput side of the recommendation")
                .doesNotContain("no import completed")
                .containsPattern("\\*\\*Recommendation\\*\\*: batch");
        try (var points = Files.list(dir.resolve("results"))) {
            Path sweep = points.findFirst().orElseThrow();
            assertThat(Files.readString(sweep.resolve("batch_size-20/run.json")))
                    .contains("\"batch_size\" : 20");
        }
    }

    /** Two blocks a side of 400 ms: batches of 1 against batches of 50 of the writer. */
    private InProcessCli.Result batchSizeGate(Path scenario) {
        return InProcessCli.run(
                "gate",
                scenario.toString(),
                "--baseline-set",
                "workloads.hit.params.batch_size=1",
                "--candidate-set",
                "workloads.hit.params.batch_size=50",
                "--blocks",
                "2",
                "--block-duration",
                "400ms",
                "--out",
                dir.resolve("gate").toString(),
                "--work",
                dir.resolve("work").toString());
    }

    @Test
    void aConfigurationGateComparesTwoSettingsOfTheSameSqlWorkload() throws Exception {
        InProcessCli.Result r = batchSizeGate(scenario());
        assertThat(r.exit()).as(r.err()).isIn(0, 1, 2);
        assertThat(Files.readString(dir.resolve("gate/gate.md"))).contains("hit", "count");
        assertThat(Files.readString(dir.resolve("gate/gate-junit.xml"))).contains("classname=\"hit\"");
    }

    @Test
    void aGateWhoseBlockMeasuredNoOperationOfAWorkload_isAGateError_neverAPass() throws Exception {
        scenario();
        // Every execution of the reader sleeps past the end of its block: it is cut short, never measured.
        Files.writeString(dir.resolve("count.sql"), "SELECT count(*) FROM hits;\n\\sleep 600 s\n");
        InProcessCli.Result r = batchSizeGate(dir.resolve("hits.yaml"));
        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("workload count measured no operation");
    }

    @Test
    void aSqlWorkloadRunsInWorkerProcesses_onTheRunsOwnTables() throws Exception {
        InProcessCli.Result r =
                InProcessCli.runScenario(scenario(), dir, "p", "--set", "workloads.hit.processes=2", "--keep-db");
        assertThat(r.exit()).as(r.err()).isZero();
        String runJson = Files.readString(dir.resolve("results/p/run.json"));
        assertThat(runJson).doesNotContain("\"ok\" : 0,");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("work/p/lockbench.db"));
                var s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM hits")) {
            rs.next();
            assertThat(rs.getLong(1)).as("rows written by the worker JVMs").isGreaterThan(0);
        }
    }
}
