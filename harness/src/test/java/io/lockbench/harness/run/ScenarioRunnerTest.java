package io.lockbench.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.results.RunResult;
import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@ProcessTest
class ScenarioRunnerTest {

    @TempDir
    Path dir;

    private RunResult run(String yaml, String... overrides) throws IOException, SQLException {
        Path file = dir.resolve("scenario.yaml");
        Files.writeString(file, yaml);
        Scenario scenario = ScenarioLoader.load(file, List.of(overrides));
        return new ScenarioRunner(
                        scenario,
                        new ScenarioRunner.Options(
                                dir.resolve("work"), dir.resolve("results"), "test-run", null, false))
                .run();
    }

    @Test
    void operationCountsAreSplitAcrossThreadsExactly() throws Exception {
        RunResult result = run("""
                workloads:
                  - {name: work, type: noop, threads: 3, operations: 10}
                """);
        RunResult.WorkloadSummary w = result.workload("work");
        assertThat(w.attempted()).isEqualTo(10);
        assertThat(w.ok()).isEqualTo(10);
        assertThat(w.accountedFor()).isTrue();
        assertThat(result.threadsLeftRunning()).isZero();
        assertThat(result.passed()).isTrue();
    }

    @Test
    void resultsNameTheBuildAndTheJvmOptionsAndChildJvmsInheritThem() throws Exception {
        RunResult result = run("""
                workloads:
                  - {name: work, type: noop, operations: 3}
                """);
        assertThat(result.environment().get("lockbench_commit").toString()).matches("[0-9a-f]{40}");
        List<String> options =
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertThat(result.environment().get("jvm_arguments")).isEqualTo(options);
        List<String> child = LockbenchJvm.command("worker");
        assertThat(child.subList(1, 1 + LockbenchJvm.inheritedOptions().size()))
                .isEqualTo(LockbenchJvm.inheritedOptions());
        assertThat(LockbenchJvm.inheritedOptions())
                .containsAll(options.stream()
                        .filter(o -> !o.startsWith("-agentlib:jdwp") && !o.startsWith("-javaagent:"))
                        .toList());
    }

    @Test
    void aRunWithMinOperationsGoesOnPastItsDurationUntilEveryWorkloadHasThem() throws Exception {
        RunResult result = run("""
                run: {duration: 100ms, min_operations: 12, max_duration: 60s}
                workloads:
                  - {name: slow, type: noop, rate: 20}
                  - {name: fast, type: noop, rate: 200}
                """);
        // At 20 operations a second, 12 take about 0.6 s, six times the duration; on a loaded machine
        // longer, never past max_duration.
        assertThat(result.workload("slow").ok()).isGreaterThanOrEqualTo(12);
        assertThat(result.workload("fast").ok())
                .isGreaterThan(result.workload("slow").ok());
        assertThat(result.seconds()).isGreaterThan(0.5).isLessThan(60);
        assertThat(result.timedOut()).isFalse();
    }

    @Test
    void aRunWithMinOperationsStopsAtMaxDurationWhenAWorkloadCannotReachThem() throws Exception {
        RunResult result = run("""
                run: {duration: 100ms, min_operations: 1000, max_duration: 400ms}
                workloads:
                  - {name: slow, type: noop, rate: 10}
                """);
        assertThat(result.workload("slow").ok()).isBetween(1L, 10L);
        assertThat(result.timedOut()).isFalse();
    }

    @Test
    void warmupOperationsRunButAreNotRecorded() throws Exception {
        RunResult result = run("""
                run: {duration: 400ms, warmup: 200ms}
                workloads:
                  - {name: paced, type: noop, threads: 1, rate: 50}
                """);
        RunResult.WorkloadSummary w = result.workload("paced");
        assertThat(w.warmupOperations()).isBetween(8L, 12L);
        assertThat(w.attempted()).isBetween(8L, 12L);
        assertThat(w.millis().get("latency").count()).isEqualTo(w.attempted());
    }

    /** An expectation on a workload that measured nothing is not met, and no thread sleeps past the end. */
    @Test
    void aWorkloadThatMeasuredNothingFailsItsExpectationsAndTheRunEndsOnTime() throws Exception {
        long started = System.nanoTime();
        RunResult result = run("""
                run: {duration: 1s, warmup: 200ms}
                workloads:
                  - name: slow
                    type: noop
                    think: 30s
                    expect: {max_p99: 5ms}
                """);
        double seconds = (System.nanoTime() - started) / 1e9;
        RunResult.WorkloadSummary w = result.workload("slow");
        assertThat(w.attempted()).isZero();
        assertThat(w.checks()).anySatisfy(c -> {
            assertThat(c.passed()).isFalse();
            assertThat(c.actual()).isEqualTo("no operations measured");
        });
        assertThat(result.passed()).isFalse();
        assertThat(seconds)
                .as("the 30 s think time is cut at the end of the run")
                .isLessThan(15);
    }

    @Test
    void aSlowOpenLoopRateDoesNotStretchTheRun() throws Exception {
        long started = System.nanoTime();
        RunResult result = run("""
                run: {duration: 1s}
                workloads:
                  - {name: rare, type: noop, rate: 0.1}
                """);
        assertThat(result.workload("rare").attempted()).isEqualTo(1);
        assertThat((System.nanoTime() - started) / 1e9)
                .as("rate 0.1/s would sleep 10 s for its second operation")
                .isLessThan(8);
    }

    private static final String UPDATES = """
            seed:
              catalog: {sources: 1, entries_per_source: 200, executions: 0}
            run: {duration: 1s, sample_interval: 50ms}
            workloads:
              - {name: writer, type: update-catalog-entry, threads: 1, think: 20ms}
            """;

    /**
     * With automatic checkpoints off nothing may checkpoint the WAL during the run, sampling included:
     * the log only grows and no frame is copied back.
     */
    @Test
    void walSamplingNeverCheckpoints() throws Exception {
        RunResult result = run(UPDATES, "store.connection_strategy=pooled", "store.wal_autocheckpoint=0");
        List<RunResult.WalSample> samples = result.wal();
        assertThat(samples).hasSizeGreaterThan(5);
        assertThat(samples).allSatisfy(s -> assertThat(s.checkpointedFrames()).isZero());
        assertThat(samples.get(samples.size() - 1).logFrames())
                .isGreaterThan(samples.get(0).logFrames());
        assertThat(samples).isSortedAccordingTo((a, b) -> Long.compare(a.walBytes(), b.walBytes()));
    }

    /**
     * One import holds the write lock for about 1.2 s in a single transaction; updates start 300 ms
     * in, with a 100 ms busy timeout and a connection each, so each one meets the held lock.
     */
    @Test
    void busyErrorsSeenByWorkloadThreadsEqualThoseTheProbeRecorded() throws Exception {
        RunResult result = run("""
                store: {connection_strategy: pooled, busy_timeout_ms: 100, batch_size: 100}
                seed:
                  catalog: {sources: 1, entries_per_source: 12, executions: 0}
                run: {duration: 5s}
                workloads:
                  - name: holder
                    type: import-artifacts
                    operations: 1
                    params: {artifacts: 12, work_per_item: 100ms}
                  - name: updates
                    type: update-catalog-entry
                    threads: 2
                    start: 300ms
                    duration: 500ms
                    expect: {max_busy: 0}
                """);
        RunResult.WorkloadSummary updates = result.workload("updates");
        assertThat(updates.busy()).isPositive();
        assertThat(updates.busy()).isEqualTo(updates.probeBusy());
        assertThat(updates.busyByCodeAndPhase()).containsOnlyKeys("SQLITE_BUSY/begin");
        assertThat(updates.accountedFor()).isTrue();
        assertThat(updates.millis().get("lock_wait").p50()).isGreaterThanOrEqualTo(95.0);
        RunResult.WorkloadSummary holder = result.workload("holder");
        assertThat(holder.ok()).isEqualTo(1);
        assertThat(holder.millis().get("hold").max()).isGreaterThanOrEqualTo(1100.0);
        assertThat(result.passed()).as("max_busy: 0 must fail").isFalse();
        assertThat(updates.checks())
                .singleElement()
                .satisfies(c -> assertThat(c.passed()).isFalse());
    }

    @Test
    void resultsAreWrittenAndTheIntervalLogIsReadableByHdrHistogram() throws Exception {
        run("""
                run: {duration: 300ms, sample_interval: 100ms}
                workloads:
                  - {name: fast, type: noop, threads: 2, rate: 100}
                """);
        Path results = dir.resolve("results");
        JsonNode json = new ObjectMapper().readTree(results.resolve("run.json").toFile());
        assertThat(json.get("schema_version").asInt()).isEqualTo(RunResult.SCHEMA_VERSION);
        assertThat(json.at("/environment/sqlite_version").asText()).isNotBlank();
        assertThat(json.at("/configuration/store/journal_mode").asText()).isEqualTo("wal");
        assertThat(json.at("/workloads/0/name").asText()).isEqualTo("fast");
        assertThat(results.resolve("fast.hgrm")).isNotEmptyFile();
        assertThat(results.resolve("wal.csv")).isNotEmptyFile();
        assertThat(Files.readString(results.resolve("report.md"))).contains("| fast | noop |");
        Set<String> tags = new HashSet<>();
        long latencyCount = 0;
        HistogramLogReader reader =
                new HistogramLogReader(results.resolve("latency.hlog").toFile());
        for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram()) {
            tags.add(h.getTag());
            if ("fast.latency".equals(h.getTag())) {
                latencyCount += ((org.HdrHistogram.Histogram) h).getTotalCount();
            }
        }
        assertThat(tags).contains("fast.latency", "fast.lock_wait", "fast.connection_wait", "fast.hold");
        assertThat(latencyCount).isEqualTo(json.at("/workloads/0/attempted").asLong());
    }

    @Test
    void timelineReadsDuringSessionImportsStayConsistent() throws Exception {
        RunResult result = run("""
                seed:
                  sessions: {sessions: 6, turns: 8}
                run: {duration: 1500ms}
                workloads:
                  - {name: import, type: import-sessions, params: {files: 2}}
                  - {name: timeline, type: session-timeline, rate: 40}
                  - {name: global, type: global-timeline, rate: 20, params: {bucket: hour}}
                """);
        for (RunResult.WorkloadSummary w : result.workloads()) {
            assertThat(w.attempted()).as(w.name()).isPositive();
            assertThat(w.ok()).as(w.name()).isEqualTo(w.attempted());
            assertThat(w.inconsistent()).as(w.name()).isZero();
        }
    }

    @Test
    void theDatabaseIsRemovedUnlessKept() throws Exception {
        run("""
                workloads:
                  - {name: once, type: noop, operations: 1}
                """);
        assertThat(dir.resolve("work").resolve("test-run")).doesNotExist();
    }

    @Test
    void workersInSeparateProcessesShareOneDatabaseAndReportExactCounts() throws Exception {
        RunResult result = run("""
                store: {batch_size: 5}
                seed:
                  catalog: {sources: 2, entries_per_source: 10, executions: 0}
                workloads:
                  - name: cli-import
                    type: import-artifacts
                    processes: 2
                    threads: 2
                    operations: 6
                    params: {artifacts: 10}
                  - {name: in-process, type: noop, operations: 3}
                """);
        RunResult.WorkloadSummary imports = result.workload("cli-import");
        assertThat(imports.threads()).isEqualTo(4);
        assertThat(imports.attempted()).isEqualTo(6);
        assertThat(imports.ok()).isEqualTo(6);
        assertThat(imports.millis().get("latency").count()).isEqualTo(6);
        assertThat(imports.millis().get("hold").count()).isEqualTo(6);
        assertThat(result.threadsLeftRunning()).isZero();
        assertThat(dir.resolve("results/workers/cli-import-1.json")).exists();
    }

    @Test
    void aRunThatFailsBeforeItStartsLeavesNoWorkerThreadOrProcessRunning() throws Exception {
        // The interval log cannot be created: its file name is taken by a directory.
        Files.createDirectories(dir.resolve("results/latency.hlog"));
        Set<Long> childrenBefore =
                ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());

        assertThatThrownBy(() -> run("""
                        store: {batch_size: 5}
                        run: {duration: 30s}
                        seed:
                          catalog: {sources: 2, entries_per_source: 10, executions: 0}
                        workloads:
                          - {name: leak-check-process, type: import-artifacts, processes: 1, params: {artifacts: 10}}
                          - {name: leak-check-thread, type: noop, threads: 2}
                        """)).hasRootCauseInstanceOf(java.io.FileNotFoundException.class);

        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("lockbench-leak-check"));
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
                .noneMatch(p -> !childrenBefore.contains(p.pid()));
    }
}
