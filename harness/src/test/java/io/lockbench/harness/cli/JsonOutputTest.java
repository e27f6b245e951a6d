package io.lockbench.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockbench.harness.ProcessTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --json} on run, report, sweep, gate and diagnose: stdout is one JSON document and nothing else
 * (a strict parser reads it whole), it has the documented fields, and what a person reads goes to stderr.
 * A process test because the gate starts a JVM per block.
 */
@ProcessTest
class JsonOutputTest {

    @TempDir
    static Path dir;

    static Path scenario;
    static JsonNode run;

    private static final ObjectMapper STRICT = new ObjectMapper();

    @BeforeAll
    static void aTinyRun() throws Exception {
        scenario = Files.writeString(dir.resolve("tiny.yaml"), """
                name: tiny
                run: {duration: 600ms, sample_interval: 100ms}
                workloads:
                  - {name: work, type: noop, rate: 100, expect: {max_busy: 0}}
                """);
        InProcessCli.Result r = InProcessCli.runScenario(scenario, dir, "one", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("== tiny", "passed in");
        run = document(r.out(), "run");
    }

    /** The whole of stdout as one JSON value, with the common opening every kind has. */
    private static JsonNode document(String stdout, String kind) throws Exception {
        JsonNode doc = STRICT.readTree(stdout);
        assertThat(STRICT.writeValueAsString(doc)).doesNotContain("NaN", "Infinity");
        assertThat(doc.get("kind").asText()).isEqualTo(kind);
        assertThat(doc.get("schema").asInt()).isEqualTo(1);
        assertThat(doc.get("lockbench").has("version")).isTrue();
        assertThat(doc.get("lockbench").has("commit")).isTrue();
        return doc;
    }

    private static void assertWorkload(JsonNode w) {
        assertThat(w.get("name").asText()).isEqualTo("work");
        for (String field : List.of(
                "type",
                "threads",
                "passed",
                "operations",
                "ok",
                "busy",
                "busy_share",
                "other_errors",
                "inconsistent",
                "operations_per_second",
                "busy_by_code_and_phase",
                "ms",
                "expectations")) {
            assertThat(w.has(field)).as(field).isTrue();
        }
        assertThat(w.get("operations").asLong()).isPositive();
        for (String stat : List.of("count", "mean", "p50", "p90", "p99", "p999", "max")) {
            assertThat(w.get("ms").get("latency").get(stat).isNumber()).as(stat).isTrue();
        }
        assertThat(w.get("expectations").get(0).get("rule").asText()).isEqualTo("max_busy");
    }

    @Test
    void runPrintsItsRunsWithEveryWorkloadsFigures() {
        assertThat(run.get("passed").asBoolean()).isTrue();
        JsonNode one = run.get("runs").get(0);
        assertThat(one.get("run_id").asText()).isEqualTo("one");
        assertThat(one.get("scenario").asText()).isEqualTo("tiny");
        assertThat(Path.of(one.get("results_dir").asText()).resolve("run.json")).exists();
        assertWorkload(one.get("workloads").get(0));
    }

    @Test
    void reportPrintsWhatDiffersAndTheSameWorkloadShape() throws Exception {
        InProcessCli.Result other =
                InProcessCli.runScenario(scenario, dir, "two", "--set", "workloads.work.rate=50", "--json");
        assertThat(other.exit()).as(other.err()).isZero();

        InProcessCli.Result r = InProcessCli.run(
                "report",
                dir.resolve("results/one").toString(),
                dir.resolve("results/two").toString(),
                "--out",
                dir.resolve("report").toString(),
                "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = document(r.out(), "report");
        assertThat(doc.get("differing_keys").toString()).contains("workloads.work.rate");
        assertThat(doc.get("verdicts").size()).isPositive();
        assertThat(doc.get("runs")
                        .get(1)
                        .get("differing_configuration")
                        .get("workloads.work.rate")
                        .asText())
                .startsWith("50");
        assertWorkload(doc.get("runs").get(0).get("workloads").get(0));
        assertThat(dir.resolve("report/report.html")).exists();
    }

    @Test
    void sweepPrintsEveryPointAndWhichOneIsRecommended() throws Exception {
        InProcessCli.Result r = InProcessCli.run(
                "sweep",
                scenario.toString(),
                "--vary",
                "workloads.work.rate=50,100",
                "--results",
                dir.resolve("results").toString(),
                "--work",
                dir.resolve("work").toString(),
                "--sweep-id",
                "sw",
                "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = document(r.out(), "sweep");
        assertThat(doc.get("points").size()).isEqualTo(2);
        JsonNode point = doc.get("points").get(0);
        for (String field : List.of(
                "run_id",
                "settings",
                "recommended",
                "passed",
                "imports_completed",
                "imports_per_second",
                "concurrent_p99_ms",
                "concurrent_wait_p99_ms",
                "writer_wait_p99_ms",
                "fewest_operations",
                "failures")) {
            assertThat(point.has(field)).as(field).isTrue();
        }
        // No import workload: nothing to trade throughput against, so no point is recommended, and it says why.
        assertThat(doc.get("recommended").isNull()).isTrue();
        assertThat(doc.get("recommendation").asText()).contains("no import completed");
    }

    @Test
    void gatePrintsItsVerdictExitCodeAndEveryComparison() throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "gate",
                scenario.toString(),
                "--baseline-set",
                "workloads.work.rate=50",
                "--candidate-set",
                "workloads.work.rate=60",
                "--blocks",
                "2",
                "--block-duration",
                "1s",
                "--out",
                dir.resolve("gate").toString(),
                "--work",
                dir.resolve("gate-work").toString(),
                "--json"));

        InProcessCli.Result r = InProcessCli.run(args.toArray(String[]::new));

        JsonNode doc = document(r.out(), "gate");
        assertThat(doc.get("exit_code").asInt()).isEqualTo(r.exit());
        assertThat(doc.get("verdict").asText()).isIn("PASS", "REGRESSION", "INCONCLUSIVE");
        assertThat(doc.get("baseline_blocks").asInt()).isEqualTo(2);
        JsonNode c = doc.get("comparisons").get(0);
        for (String field : List.of(
                "workload",
                "metric",
                "verdict",
                "baseline_p99_ms",
                "candidate_p99_ms",
                "ratio",
                "interval",
                "detectable_increase",
                "reason",
                "leans_past_limit")) {
            assertThat(c.has(field)).as(field).isTrue();
        }
        assertThat(doc.get("passed_on_counts").isBoolean()).isTrue();
        assertThat(c.get("interval").size()).isEqualTo(2);
        assertThat(dir.resolve("gate/gate.md")).exists();
    }

    @Test
    void diagnosePrintsTheFileItsPragmasAndTheWriteLock() throws Exception {
        Path db = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (a)");
        }

        InProcessCli.Result r = InProcessCli.run("diagnose", "--db", db.toString(), "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = document(r.out(), "diagnose");
        assertThat(doc.get("description").asText()).startsWith("another application's SQLite database");
        assertThat(doc.get("pragmas").get("journal_mode").asText()).isEqualTo("delete");
        assertThat(doc.get("write_lock").get("state").asText()).isEqualTo("free");
        assertThat(doc.get("wal_bytes").isNull()).isTrue();
    }
}
