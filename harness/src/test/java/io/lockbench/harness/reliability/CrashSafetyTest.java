package io.lockbench.harness.reliability;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code lockbench import} processes killed with SIGKILL at seeded random moments, then resumed:
 * the database must equal a clean import, table by table, and pass {@code integrity_check}.
 */
@ProcessTest
class CrashSafetyTest {

    private static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    void importsKilledAtTwentyRandomPointsResumeToTheCleanImport() throws Exception {
        Path corpus = new CorpusGenerator(
                        new CorpusSpec(11, 60, 40, 4, 200, Instant.parse("2026-02-01T00:00:00Z"), 10, 0))
                .writeTo(dir.resolve("corpus"))
                .root();
        Map<String, List<String>> clean;
        Files.createDirectories(dir.resolve("clean"));
        try (SessionStore store = SessionStore.open(TestStores.config(dir.resolve("clean")))) {
            store.importer().importAll(corpus, ImportOptions.defaults());
            clean = TestStores.dump(store);
        }
        SplittableRandom random = new SplittableRandom(20261124);
        String[][] strategies = {
            {"--strategy", "per-record"},
            {"--strategy", "batched", "--batch-size", "10"},
            {"--strategy", "batched", "--batch-size", "100"},
            {"--strategy", "whole-file"}
        };
        int kills = 0;
        int chains = 0;
        Path db = null;
        for (int attempt = 0; kills < KILLS && attempt < KILLS * 3; attempt++) {
            if (db == null) {
                db = dir.resolve("chain-" + chains++).resolve("crash.db");
                Files.createDirectories(db.getParent());
            }
            String[] strategy = strategies[random.nextInt(strategies.length)];
            String[] args = concat(new String[] {"import", corpus.toString(), "--db", db.toString()}, strategy);
            LockbenchProcess importer = LockbenchProcess.start(dir.resolve("logs"), args);
            Thread.sleep(random.nextLong(400, 2500));
            if (importer.kill()) {
                kills++;
            } else {
                // It finished before the kill: check this chain and start a fresh database.
                assertThat(importer.process.exitValue()).as(importer.output()).isZero();
                assertResumesToClean(db, corpus, clean);
                db = null;
            }
        }
        if (db != null) {
            assertResumesToClean(db, corpus, clean);
        }
        assertThat(kills).as("imports killed while running").isGreaterThanOrEqualTo(KILLS);
    }

    @Test
    void aRunKilledMidwayLeavesReadableResultsMarkedIncomplete() throws Exception {
        Path scenario = dir.resolve("long.yaml");
        Files.writeString(scenario, """
                run: {duration: 30s, sample_interval: 200ms}
                workloads:
                  - {name: idle, type: noop, rate: 200}
                """);
        Path results = dir.resolve("results");
        LockbenchProcess run = LockbenchProcess.start(
                dir.resolve("logs"),
                "run",
                scenario.toString(),
                "--results",
                results.toString(),
                "--work",
                dir.resolve("work").toString(),
                "--run-id",
                "killed");
        Path hlog = results.resolve("killed/latency.hlog");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(hlog) && Files.readString(hlog).contains("Tag=idle.latency"))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(600);
        assertThat(run.kill()).as(run.output()).isTrue();
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(results.resolve("killed/run.json").toFile());
        assertThat(json.get("status").asText()).isEqualTo("incomplete");
        assertThat(json.at("/configuration/workloads/0/name").asText()).isEqualTo("idle");
        org.HdrHistogram.HistogramLogReader reader = new org.HdrHistogram.HistogramLogReader(hlog.toFile());
        long recorded = 0;
        for (org.HdrHistogram.EncodableHistogram h = reader.nextIntervalHistogram();
                h != null;
                h = reader.nextIntervalHistogram()) {
            if ("idle.latency".equals(h.getTag())) {
                recorded += ((org.HdrHistogram.Histogram) h).getTotalCount();
            }
        }
        assertThat(recorded).isPositive();
    }

    @Test
    void aSweepKilledMidwayKeepsItsFinishedPointsAndMarksThePointInProgress() throws Exception {
        Path scenario = dir.resolve("sweep.yaml");
        Files.writeString(scenario, """
                run: {duration: 1s, sample_interval: 200ms}
                workloads:
                  - {name: idle, type: noop, rate: 100}
                """);
        Path results = dir.resolve("results");
        LockbenchProcess sweep = LockbenchProcess.start(
                dir.resolve("logs"),
                "sweep",
                scenario.toString(),
                "--vary",
                "run.duration=1s,60s",
                "--results",
                results.toString(),
                "--work",
                dir.resolve("work").toString(),
                "--sweep-id",
                "cut");
        Path report = results.resolve("cut/sweep.md");
        Path second = results.resolve("cut/duration-60s/run.json");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
        while (!(Files.exists(report) && Files.exists(second)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(sweep.kill()).as(sweep.output()).isTrue();
        assertThat(Files.readString(report)).contains("1 of 2 points run (interrupted)");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(json.readTree(results.resolve("cut/duration-1s/run.json").toFile())
                        .get("status")
                        .asText())
                .isEqualTo("complete");
        assertThat(json.readTree(second.toFile()).get("status").asText()).isEqualTo("incomplete");
    }

    private void assertResumesToClean(Path db, Path corpus, Map<String, List<String>> clean) throws Exception {
        LockbenchProcess resume =
                LockbenchProcess.start(dir.resolve("logs"), "import", corpus.toString(), "--db", db.toString());
        assertThat(resume.await(120)).as(resume.output()).isZero();
        try (SessionStore store = SessionStore.open(StoreConfig.defaults(db))) {
            Map<String, List<String>> resumed = TestStores.dump(store);
            for (String table : clean.keySet()) {
                List<String> missing = new java.util.ArrayList<>(clean.get(table));
                missing.removeAll(resumed.get(table));
                List<String> extra = new java.util.ArrayList<>(resumed.get(table));
                extra.removeAll(clean.get(table));
                assertThat(missing)
                        .as(table + " rows missing after resume (and rows a clean import does not have: " + extra + ")")
                        .isEmpty();
                assertThat(extra)
                        .as(table + " rows that a clean import does not have")
                        .isEmpty();
            }
            assertThat(TestStores.count(
                            store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"))
                    .isZero();
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
