package io.lockbench.harness.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import io.lockbench.harness.reliability.LockbenchProcess;
import io.lockbench.harness.results.RunResult;
import io.lockbench.harness.run.ScenarioRunner;
import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.scenario.ScenarioLoader;
import io.lockbench.store.PostgresTestDatabase;
import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.config.Settings;
import io.lockbench.store.importer.ImportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness on a live PostgreSQL server: a generated corpus gives the same store and answers as on
 * SQLite, a killed import process resumes to the clean result, and the seed's scenarios run there.
 */
@ProcessTest
class PostgresBackendTest {

    private static final Path SCENARIOS = Path.of("..", "scenarios");

    @TempDir
    Path dir;

    @RegisterExtension
    final PostgresTestDatabase pg = PostgresTestDatabase.perTest();

    private Path corpus(long seed, int sessions) {
        return new CorpusGenerator(
                        new CorpusSpec(seed, sessions, 30, 3, 200, Instant.parse("2026-02-01T00:00:00Z"), 10, 0.01))
                .writeTo(dir.resolve("corpus-" + seed))
                .root();
    }

    @Test
    void aGeneratedCorpus_givesIdenticalTablesAndRepositoryAnswersOnBothBackends() throws Exception {
        Path corpus = corpus(17, 24);
        Map<String, List<String>> sqliteTables;
        Map<String, Object> sqliteAnswers;
        try (SessionStore sqlite = SessionStore.open(TestStores.config(dir))) {
            sqlite.importer().importAll(corpus, ImportOptions.defaults());
            sqliteTables = TestStores.dump(sqlite);
            sqliteAnswers = TestStores.answers(sqlite);
        }
        try (SessionStore postgres = SessionStore.open(pg.config())) {
            postgres.importer().importAll(corpus, ImportOptions.defaults());
            Map<String, List<String>> tables = TestStores.dump(postgres);
            for (String table : sqliteTables.keySet()) {
                assertThat(tables.get(table)).as(table).isEqualTo(sqliteTables.get(table));
            }
            Map<String, Object> answers = TestStores.answers(postgres);
            assertThat(answers.keySet()).isEqualTo(sqliteAnswers.keySet());
            for (String question : sqliteAnswers.keySet()) {
                assertThat(answers.get(question)).as(question).isEqualTo(sqliteAnswers.get(question));
            }
        }
    }

    @Test
    void importProcessesKilledMidwayOnPostgresql_resumeToTheCleanImport() throws Exception {
        Path corpus = corpus(11, 80);
        Map<String, List<String>> clean;
        try (SessionStore sqlite = SessionStore.open(TestStores.config(dir))) {
            sqlite.importer().importAll(corpus, ImportOptions.defaults());
            clean = TestStores.dump(sqlite);
        }
        String[] store = {"--set", "backend=postgresql", "--set", "url=" + pg.url()};
        SplittableRandom random = new SplittableRandom(20261125);
        int kills = 0;
        for (int attempt = 0; attempt < 12 && kills < 4; attempt++) {
            List<String> args = new ArrayList<>(List.of("import", corpus.toString(), "--strategy", "per-record"));
            args.addAll(List.of(store));
            LockbenchProcess importer = LockbenchProcess.start(dir.resolve("logs"), args.toArray(String[]::new));
            Thread.sleep(random.nextLong(600, 2500));
            if (importer.kill()) {
                kills++;
            } else {
                assertThat(importer.await(5)).as(importer.output()).isZero();
                break;
            }
        }
        assertThat(kills).as("imports killed while running").isPositive();
        List<String> args = new ArrayList<>(List.of("import", corpus.toString()));
        args.addAll(List.of(store));
        LockbenchProcess resume = LockbenchProcess.start(dir.resolve("logs"), args.toArray(String[]::new));
        assertThat(resume.await(120)).as(resume.output()).isZero();
        try (SessionStore postgres = SessionStore.open(pg.config())) {
            Map<String, List<String>> resumed = TestStores.dump(postgres);
            for (String table : clean.keySet()) {
                assertThat(resumed.get(table)).as(table).isEqualTo(clean.get(table));
            }
        }
    }

    private RunResult run(String scenarioFile, String... overrides) throws Exception {
        List<String> all = new ArrayList<>(List.of(overrides));
        all.add("store.url=" + PostgresTestDatabase.serverUrl());
        Scenario scenario = ScenarioLoader.load(SCENARIOS.resolve(scenarioFile), all);
        return new ScenarioRunner(
                        scenario,
                        new ScenarioRunner.Options(dir.resolve("work"), dir.resolve("results"), "pg-run", null, false))
                .run();
    }

    @Test
    void fiveConcurrentImports_finishCloseTogetherOnPostgresql() throws Exception {
        RunResult result = run("concurrent-imports.yaml", "store.backend=postgresql");
        RunResult.WorkloadSummary imports = result.workload("import");
        assertThat(imports.ok()).isEqualTo(5);
        assertThat(imports.busy()).isZero();
        assertThat(result.passed()).as(result.toString()).isTrue();
        assertThat(result.environment()).containsEntry("backend", "postgresql");
    }

    @Test
    void updatesDuringALongImport_failFastUnderLockTimeout_classifiedByCodeAndPhase() throws Exception {
        RunResult result = run("lock-timeout-postgresql.yaml");
        RunResult.WorkloadSummary updates = result.workload("updates");
        assertThat(updates.busy()).isPositive();
        assertThat(updates.busyByCodeAndPhase().keySet()).containsOnly("PG_55P03_LOCK_NOT_AVAILABLE/statement");
        assertThat(updates.otherErrors()).isZero();
        assertThat(updates.ok()).isPositive();
        assertThat(result.workload("long-import").ok()).isEqualTo(1);
        // Who blocked whom was sampled: the long import's entry update blocked the edits.
        List<String> summary = Files.readAllLines(dir.resolve("results/blocking-summary.csv"));
        assertThat(summary.get(0)).startsWith("samples,estimated_seconds,waiting_query");
        assertThat(String.join("\n", summary)).contains("UPDATE catalog_entries SET status = 'imported'");
    }

    /**
     * A server on PostgreSQL publishes the lock-wait sampler's state and no WAL size: there is no WAL
     * file (it once read an unrelated data/lockbench.db's).
     */
    @Test
    void serveOnPostgresql_publishesTheSamplerAndNoWalSize() throws Exception {
        Path corpus = dir.resolve("corpus");
        Files.createDirectories(corpus);
        LockbenchProcess serve = LockbenchProcess.start(
                dir.resolve("logs"),
                "serve",
                "--port",
                "0",
                "--root",
                corpus.toString(),
                "--set",
                "backend=postgresql",
                "--set",
                "url=" + pg.config().get(Settings.URL));
        try {
            String url = null;
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
            while (url == null) {
                assertThat(serve.process().isAlive()).as(serve.output()).isTrue();
                assertThat(System.nanoTime()).as("serve never listened").isLessThan(deadline);
                url = serve.output()
                        .lines()
                        .filter(l -> l.startsWith(io.lockbench.harness.serve.ApiServer.LISTENING))
                        .map(l -> l.substring(io.lockbench.harness.serve.ApiServer.LISTENING.length())
                                .split(" ", 2)[0])
                        .findFirst()
                        .orElse(null);
                Thread.sleep(50);
            }
            java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/metrics"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.body())
                    .contains("lockbench_pg_lock_wait_sampling 1.0")
                    .contains("lockbench_pg_lock_wait_sampler_reconnects_total 0.0")
                    .doesNotContain("lockbench_wal_size");
        } finally {
            serve.kill();
        }
    }

    @Test
    void theRunsSchemaIsDroppedAfterTheRun() throws Exception {
        run("concurrent-imports.yaml", "store.backend=postgresql");
        try (Connection c = pg.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'lockbench_run_pg_run%'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }
}
