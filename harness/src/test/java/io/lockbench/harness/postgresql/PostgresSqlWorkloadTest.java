package io.lockbench.harness.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockbench.harness.cli.InProcessCli;
import io.lockbench.harness.json.Json;
import io.lockbench.store.PostgresTestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** pgbench's TPC-B-like script, shipped under scenarios/sql, runs as a sql workload on PostgreSQL. */
class PostgresSqlWorkloadTest {

    private static final Path SCENARIO = Path.of("..", "scenarios", "sql", "pgbench-tpcb.yaml");

    @TempDir
    Path dir;

    /** Skips the test without a server (fails it in CI); the run makes a schema of its own. */
    @RegisterExtension
    final PostgresTestDatabase pg = PostgresTestDatabase.perTest();

    @Test
    void pgbenchsOwnScript_runsInTheRunsSchema_withEveryTransactionCounted() throws Exception {
        InProcessCli.Result r = InProcessCli.runScenario(
                SCENARIO,
                dir,
                "t",
                "--set",
                "store.url=" + PostgresTestDatabase.serverUrl(),
                "--set",
                "run.duration=1500ms",
                "--set",
                "run.warmup=0s",
                "--set",
                "workloads.tpcb.threads=2");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode tpcb = Json.MAPPER
                .readTree(dir.resolve("results/t/run.json").toFile())
                .get("workloads")
                .get(0);
        assertThat(tpcb.get("ok").asLong()).isGreaterThan(50);
        assertThat(tpcb.get("other_errors").asLong()).isZero();
        assertThat(tpcb.get("millis").get("hold").get("count").asLong())
                .as("each transaction's hold is measured")
                .isEqualTo(tpcb.get("ok").asLong());
    }
}
