package io.lockbench.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockbench.store.config.Settings;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

    private static final Path SHIPPED = Path.of("..", "scenarios");

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static final String MINIMAL = """
            seed:
              catalog: {sources: 2, entries_per_source: 10}
            workloads:
              - name: import
                type: import-artifacts
                threads: 2
                params: {artifacts: 10}
            """;

    @Test
    void everyShippedScenarioLoads() throws IOException {
        int count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(SHIPPED, "*.yaml")) {
            for (Path file : files) {
                Scenario scenario = ScenarioLoader.load(file, List.of());
                assertThat(scenario.workloads()).as(file.toString()).isNotEmpty();
                count++;
            }
        }
        assertThat(count).isGreaterThanOrEqualTo(6);
    }

    @Test
    void settingsAreReadAsYaml12_offIsAWordAndNoNumberIsSilentlyOctalOrHex() throws IOException {
        Scenario off =
                ScenarioLoader.load(write("store: {synchronous: off, journal_mode: off}\n" + MINIMAL), List.of());
        assertThat(off.store()
                        .get(io.lockbench.store.config.Settings.SYNCHRONOUS)
                        .name())
                .isEqualToIgnoringCase("off");
        assertThatThrownBy(() -> ScenarioLoader.load(write("store: {busy_timeout_ms: 0100}\n" + MINIMAL), List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("s.yaml:1")
                .hasMessageContaining("store.busy_timeout_ms")
                .hasMessageContaining("'0100' is 64 to YAML 1.1")
                .hasMessageContaining("or 100 if that was meant");
        assertThatThrownBy(() -> ScenarioLoader.load(write(MINIMAL), List.of("store.busy_timeout_ms=0x10")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("'0x10' is 16");
        assertThatThrownBy(() -> ScenarioLoader.load(write("store: {foreign_keys: yes}\n" + MINIMAL), List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("expected true or false but was 'yes'");
    }

    @Test
    void aYamlLimitIsSaidInTheScenariosTerms_notInJacksons() throws IOException {
        assertThatThrownBy(
                        () -> ScenarioLoader.load(write("store: " + "[".repeat(70) + "]".repeat(70) + "\n"), List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("nested more than 64 levels deep")
                .hasMessageNotContaining("StreamReadConstraints");
    }

    @Test
    void aDurationTooLongToRepresentIsRejectedNotWrappedAround() throws IOException {
        assertThat(Durations.parse("5124096h")).isNull();
        assertThat(Durations.parse("2562047h")).isEqualTo(Duration.ofHours(2562047));
        assertThatThrownBy(() -> ScenarioLoader.load(write(MINIMAL), List.of("run.duration=5124096h")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("run.duration");
    }

    @Test
    void aWorkloadWhoseSeedIsMissingIsRefusedWhenTheScenarioLoads() throws IOException {
        Path file = write("workloads:\n  - {name: import, type: import-artifacts}\n");
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("workloads.import")
                .hasMessageContaining("import-artifacts needs a catalog");
        Path timeline = write("workloads:\n  - {name: t, type: session-timeline}\n");
        assertThatThrownBy(() -> ScenarioLoader.load(timeline, List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("needs transcripts");
        Path executions =
                write("seed: {catalog: {executions: 0}}\nworkloads:\n  - {name: u, type: update-execution}\n");
        assertThatThrownBy(() -> ScenarioLoader.load(executions, List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("seed.catalog.executions > 0");
    }

    @Test
    void moreThanTheSeedMakesIsRefusedNotReduced() throws IOException {
        Path artifacts = write("seed: {catalog: {sources: 2, entries_per_source: 10}}\n"
                + "workloads:\n  - {name: import, type: import-artifacts, params: {artifacts: 11}}\n");
        assertThatThrownBy(() -> ScenarioLoader.load(artifacts, List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("workloads.import.params.artifacts")
                .hasMessageContaining("at most seed.catalog.entries_per_source (10) but was 11");
        assertThat(ScenarioLoader.load(artifacts, List.of("workloads.import.params.artifacts=10"))
                        .workloads()
                        .get(0)
                        .intParam("artifacts"))
                .isEqualTo(10);
        // write() reuses one file name: the second scenario replaces the first.
        Path files = write("seed: {sessions: {sessions: 3, turns: 2}}\n"
                + "workloads:\n  - {name: s, type: import-sessions, params: {files: 4}}\n");
        assertThatThrownBy(() -> ScenarioLoader.load(files, List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("at most seed.sessions.sessions (3) but was 4");
    }

    @Test
    void aWarmupThatCoversTheWholeRunIsABadScenario() throws IOException {
        Path file = write("run: {duration: 2s, warmup: 2s}\n" + MINIMAL);
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("s.yaml:1")
                .hasMessageContaining("run.warmup")
                .hasMessageContaining("must be shorter than run.duration");
    }

    @Test
    void anOpenLoopRateThatSchedulesNothingAfterTheWarmupIsABadScenario() throws IOException {
        Path file = write("""
                run: {duration: 2s, warmup: 500ms}
                workloads:
                  - {name: rare, type: noop, rate: 0.1}
                """);
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("workloads.rare.rate")
                .hasMessageContaining("no operation is scheduled");
        assertThat(ScenarioLoader.load(file, List.of("workloads.rare.rate=2")).workloads())
                .hasSize(1);
    }

    @Test
    void defaultsFillWhatTheFileLeavesOut() throws IOException {
        Scenario s = ScenarioLoader.load(write(MINIMAL), List.of());
        assertThat(s.name()).isEqualTo("s");
        assertThat(s.run().duration()).isEqualTo(Duration.ofSeconds(10));
        WorkloadSpec w = s.workloads().get(0);
        assertThat(w.openLoop()).isFalse();
        assertThat(w.durationParam("work_per_item")).isZero();
        assertThat(w.optionalIntParam("batch_size")).isNull();
        assertThat(s.store().get(Settings.BATCH_SIZE)).isEqualTo(100);
    }

    @Test
    void overridesReachStoreRunAndNamedWorkloads() throws IOException {
        Scenario s = ScenarioLoader.load(
                write(MINIMAL),
                List.of(
                        "store.batch_size=7",
                        "run.duration=2s",
                        "workloads.import.threads=3",
                        "workloads.import.params.work_per_item=5ms",
                        "workloads.import.expect.max_busy=0"));
        assertThat(s.store().get(Settings.BATCH_SIZE)).isEqualTo(7);
        assertThat(s.run().duration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.workloads().get(0).threads()).isEqualTo(3);
        assertThat(s.workloads().get(0).durationParam("work_per_item")).isEqualTo(Duration.ofMillis(5));
        assertThat(s.workloads().get(0).expect().maxBusy()).isZero();
        assertThat(s.overrides()).hasSize(5);
    }

    @Test
    void aMistypedKeyIsReportedWithItsLineAndTheNearestKeys() throws IOException {
        Path file = write(MINIMAL.replace("    threads: 2", "    thread: 2"));
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessage(file + ":6: workloads[0].thread: unknown key; did you mean threads?");
    }

    @Test
    void anUnknownKeyNearNoOtherIsReportedWithTheAllowedKeys() throws IOException {
        Path file = write(MINIMAL.replace("    threads: 2", "    colour: 2"));
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of()))
                .hasMessageStartingWith(
                        file
                                + ":6: workloads[0].colour: unknown key; allowed: duration, expect, gate, name, operations, params,");
    }

    @Test
    void aBareStoreKeyInSetMeansTheStoreSection_asImportWritesIt() throws IOException {
        Scenario s = ScenarioLoader.load(write(MINIMAL), List.of("batch_size=7", "busy_timeout_ms = 900"));
        assertThat(s.store().get(Settings.BATCH_SIZE)).isEqualTo(7);
        assertThat(s.store().get(Settings.BUSY_TIMEOUT_MS)).isEqualTo(900);
        assertThat(s.overrides()).containsExactly("store.batch_size=7", "store.busy_timeout_ms = 900");
    }

    @Test
    void minOperationsAndItsCapAreCheckedTogether() throws IOException {
        Scenario s = ScenarioLoader.load(write("run: {duration: 2s, min_operations: 30}\n" + MINIMAL), List.of());
        assertThat(s.run().minOperations()).isEqualTo(30);
        assertThat(s.run().maxDuration()).isEqualTo(java.time.Duration.ofSeconds(20));
        assertThat(s.run().workloadDuration()).isEqualTo(java.time.Duration.ofSeconds(20));
        assertThatThrownBy(() -> ScenarioLoader.load(write("run: {max_duration: 20s}\n" + MINIMAL), List.of()))
                .hasMessageContaining("run.max_duration: only means something with run.min_operations");
        assertThatThrownBy(() -> ScenarioLoader.load(
                        write("run: {duration: 2s, min_operations: 5, max_duration: 1s}\n" + MINIMAL), List.of()))
                .hasMessageContaining("run.max_duration: must be at least run.duration (2s)");
        assertThatThrownBy(() -> ScenarioLoader.load(
                        write("run: {min_operations: 5, max_duration: 20m}\n" + MINIMAL), List.of()))
                .hasMessageContaining("must be shorter than run.time_limit");
    }

    @Test
    void aWorkloadsGatedMetricsAreADistinctSubsetOfLatencyAndWait() throws IOException {
        Scenario s = ScenarioLoader.load(
                write(MINIMAL.replace("    threads: 2", "    threads: 2\n    gate: [wait]")), List.of());
        assertThat(s.workloads().get(0).gate()).containsExactly("wait");
        assertThat(ScenarioLoader.load(write(MINIMAL), List.of())
                        .workloads()
                        .get(0)
                        .gate())
                .containsExactly("latency", "wait");
        assertThatThrownBy(() -> ScenarioLoader.load(
                        write(MINIMAL.replace("    threads: 2", "    threads: 2\n    gate: [hold]")), List.of()))
                .hasMessageContaining("workloads[0].gate: 'hold' is not one of [latency, wait]");
        assertThatThrownBy(() -> ScenarioLoader.load(
                        write(MINIMAL.replace("    threads: 2", "    threads: 2\n    gate: [wait, wait]")), List.of()))
                .hasMessageContaining("lists 'wait' twice");
    }

    @Test
    void theBlocksOfAGateRunACopyWithoutTheGatesOwnKeys() throws IOException {
        Path file = write(MINIMAL.replace("    threads: 2", "    threads: 2\n    gate: [wait]"));
        Path copy = dir.resolve("copy/s.yaml");
        assertThat(ScenarioLoader.writeWithoutGateKeys(file, copy)).isTrue();
        assertThat(Files.readString(copy)).doesNotContain("gate");
        assertThat(ScenarioLoader.load(copy, List.of()).workloads().get(0).threads())
                .isEqualTo(2);
        assertThat(ScenarioLoader.writeWithoutGateKeys(write(MINIMAL), dir.resolve("copy2/s.yaml")))
                .isFalse();
        assertThat(dir.resolve("copy2")).doesNotExist();
    }

    @Test
    void badStoreValueNamesTheKeyTheLineAndTheChoices() throws IOException {
        Path file = write("store:\n  journal_mode: wall\n" + MINIMAL);
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of()))
                .hasMessage(
                        file
                                + ":2: store.journal_mode: expected one of [delete, truncate, persist, memory, wal, off] but was 'wall'");
    }

    @Test
    void badDurationSaysWhatADurationLooksLike() throws IOException {
        Path file =
                write(MINIMAL.replace("params: {artifacts: 10}", "params: {artifacts: 10, work_per_item: 5 minutes}"));
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of()))
                .hasMessage(
                        file
                                + ":7: workloads[0].params.work_per_item: expected a duration like 250ms, 2s or 1m but was '5 minutes'");
    }

    @Test
    void unknownWorkloadTypeListsTheTypes() throws IOException {
        Path file = write(MINIMAL.replace("type: import-artifacts", "type: import-artifact"));
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of()))
                .hasMessageStartingWith(
                        file + ":5: workloads[0].type: expected one of [import-artifacts, reimport-entry,");
    }

    @Test
    void outOfRangeThreadsNameTheLimits() throws IOException {
        Path file = write(MINIMAL.replace("threads: 2", "threads: 0"));
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of()))
                .hasMessage(file + ":6: workloads[0].threads: must be between 1 and 256 but was 0");
    }

    @Test
    void paramOfAnotherTypeIsRejected() throws IOException {
        Path file = write(MINIMAL.replace("params: {artifacts: 10}", "params: {artifacts: 10, limit: 5}"));
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of()))
                .hasMessageContaining(
                        "workloads[0].params.limit: unknown key; allowed: artifacts, batch_size, first_source, work_per_item");
    }

    @Test
    void badOverrideIsAttributedToSet() throws IOException {
        Path file = write(MINIMAL);
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of("workloads.import.threads=many")))
                .hasMessage(
                        "--set workloads.import.threads: workloads[0].threads: expected a whole number between 1 and 256 but was 'many'");
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of("workloads.imprt.threads=2")))
                .hasMessage("--set: workloads.imprt.threads: no workload named 'imprt'; workloads are [import]");
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of("store.batchsize=2")))
                .hasMessageStartingWith(
                        "--set store.batchsize: store.batchsize: unknown key; did you mean batch_size?");
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of("run.duratoin=2s")))
                .hasMessageStartingWith("--set run.duratoin: run.duratoin: unknown key; did you mean duration?");
    }

    @Test
    void invalidYamlPointsAtTheLine() throws IOException {
        Path file = write("workloads:\n  - name: [unclosed\n");
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining(file + ":")
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void missingWorkloadsAndDuplicateNamesAreRejected() throws IOException {
        assertThatThrownBy(() -> ScenarioLoader.load(write("name: x\n"), List.of()))
                .hasMessageContaining("workloads: expected a list of at least one workload");
        Path twice = write(MINIMAL + "  - name: import\n    type: noop\n");
        assertThatThrownBy(() -> ScenarioLoader.load(twice, List.of()))
                .hasMessage(twice + ":8: workloads[1].name: duplicate workload name 'import'");
    }

    @Test
    void rateAndThinkTogetherAreRejected() throws IOException {
        Path file = write(MINIMAL.replace("threads: 2", "threads: 2\n    rate: 5\n    think: 1s"));
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of()))
                .hasMessageContaining("workloads[0].think: a workload with a target rate paces itself");
    }

    @Test
    void durationsParseEveryUnit() {
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Durations.parse("0")).isZero();
        assertThat(Durations.parse("10")).isNull();
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(3))).isEqualTo("3s");
    }
}
