package io.lockbench.harness.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.cli.InProcessCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run ends at its duration (and a little grace), not at {@code run.time_limit}, whatever a script
 * does: a {@code \sleep} longer than the run and a statement that never ends are cut short and are no
 * measurement; a seed that never ends is bounded by the time limit. Each test would take ten minutes
 * (the default time limit) or forever without it; the timeouts are far above what any machine needs.
 */
class RunsEndOnTimeTest {

    @TempDir
    Path dir;

    private Path scenario(String script, String extra) throws Exception {
        Files.writeString(dir.resolve("schema.sql"), "CREATE TABLE t (x);\n");
        Files.writeString(dir.resolve("work.sql"), script);
        return Files.writeString(
                dir.resolve("s.yaml"),
                "name: s\nstore: {schema: schema.sql}\n" + extra
                        + "workloads:\n  - {name: w, type: sql, params: {script: work.sql}}\n");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aSleepLongerThanTheRun_isCutShort_andTheRunWithoutAMeasuredOperationFails() throws Exception {
        Path scenario = scenario("INSERT INTO t VALUES (1);\n\\sleep 600 s\n", "run: {duration: 300ms}\n");
        InProcessCli.Result r = InProcessCli.runScenario(scenario, dir, "t");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("results/t/run.json"))).contains("no operations measured");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aStatementThatNeverEnds_isInterruptedWhenTheRunStops() throws Exception {
        Path scenario = scenario(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n;\n",
                "run: {duration: 300ms}\n");
        InProcessCli.Result r = InProcessCli.runScenario(scenario, dir, "t");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("FAILED");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aSeedThatNeverEnds_isBoundedByTheTimeLimit_andSaysSo() throws Exception {
        Files.writeString(
                dir.resolve("seed.sql"),
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) INSERT INTO t SELECT i FROM n;\n");
        Path scenario = scenario(
                "INSERT INTO t VALUES (1);\n",
                "run: {duration: 300ms, time_limit: 2s}\nseed: {sql: {script: seed.sql}}\n");
        InProcessCli.Result r = InProcessCli.runScenario(scenario, dir, "t");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("seed.sql", "did not finish within run.time_limit (2 s)");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aSleepLongerThanTheRun_inWorkerProcesses_isCutShortToo() throws Exception {
        Path scenario = scenario("INSERT INTO t VALUES (1);\n\\sleep 600 s\n", "run: {duration: 300ms}\n");
        InProcessCli.Result r = InProcessCli.runScenario(scenario, dir, "t", "--set", "workloads.w.processes=2");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("results/t/run.json"))).contains("no operations measured");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void workerProcessesRunTheirWholeDuration_pastTheGrace() throws Exception {
        // Longer than the five-second grace: a parent that cut by its own workloads only would stop them early.
        Path scenario = scenario("INSERT INTO t VALUES (1);\n", "run: {duration: 7s}\n");
        InProcessCli.Result r = InProcessCli.runScenario(scenario, dir, "t", "--set", "workloads.w.processes=1");
        assertThat(r.exit()).as(r.err()).isZero();
        var run = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("results/t/run.json").toFile());
        assertThat(run.get("seconds").asDouble())
                .as("a 7 s run is never shorter than 7 s")
                .isGreaterThanOrEqualTo(7.0);
    }
}
