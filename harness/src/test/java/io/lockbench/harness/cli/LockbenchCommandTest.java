package io.lockbench.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.run.LockbenchJvm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes and one-line errors. */
class LockbenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void childJvmsStartThisClassAsTheirMainClass() {
        assertThat(LockbenchJvm.MAIN_CLASS).isEqualTo(LockbenchCommand.class.getName());
    }

    private static InProcessCli.Result run(String... args) {
        return InProcessCli.run(args);
    }

    @Test
    void generateImportTimeline_endToEnd() {
        Path corpus = dir.resolve("corpus");
        String db = dir.resolve("lb.db").toString();
        assertThat(run("generate", "sessions", "--out", corpus.toString(), "--sessions", "5", "--turns", "5")
                        .exit())
                .isZero();
        InProcessCli.Result imported = run("import", corpus.toString(), "--db", db, "--strategy", "whole-file");
        assertThat(imported.exit()).isZero();
        assertThat(imported.out()).contains("0 malformed");
        InProcessCli.Result timeline = run("timeline", "--db", db, "--bucket", "hour");
        assertThat(timeline.exit()).isZero();
        assertThat(timeline.out()).contains("total");
        InProcessCli.Result again = run("import", corpus.toString(), "--db", db);
        assertThat(again.out()).contains("0 with new data");
    }

    @Test
    void readCommandsOnAMissingDatabaseSaySoAndCreateNothing() {
        Path typo = dir.resolve("typo.db");
        for (String[] command : new String[][] {{"timeline"}, {"sessions"}, {"bench", "queries"}}) {
            String[] args = java.util.stream.Stream.concat(
                            java.util.Arrays.stream(command), java.util.stream.Stream.of("--db", typo.toString()))
                    .toArray(String[]::new);
            InProcessCli.Result r = run(args);
            assertThat(r.exit()).as(String.join(" ", command)).isEqualTo(1);
            assertThat(r.err())
                    .as(String.join(" ", command))
                    .contains("no lockbench database at " + typo.toAbsolutePath(), "(run lockbench import first)");
            assertThat(r.out()).as(String.join(" ", command)).doesNotContain("total");
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void outOfRangeOptionsAreOneLineUsageErrorsNamingTheOption() {
        String db = dir.resolve("lb.db").toString();
        String[][] cases = {
            {"--limit", "sessions", "--db", db, "--limit", "100000"},
            {"--limit", "sessions", "--db", db, "--limit", "-1"},
            {"--offset", "sessions", "--db", db, "--offset", "-5"},
            {"--active", "sessions", "--db", db, "--active", "-1"},
            {"--lock-wait-ms", "diagnose", "--db", db, "--lock-wait-ms", "-1"},
            {"--iterations", "bench", "queries", "--db", db, "--iterations", "-1"},
            {"busy_timeout_ms", "sessions", "--db", db, "--set", "busy_timeout_ms=\u0665"},
        };
        for (String[] c : cases) {
            InProcessCli.Result r = run(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertThat(r.exit()).as(String.join(" ", c)).isEqualTo(2);
            assertThat(r.err().strip())
                    .as(String.join(" ", c))
                    .contains(c[0])
                    .doesNotContain("\n")
                    .doesNotContain("Exception");
        }
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aHugeOffsetDoesNotOverflowThePageLine() {
        Path corpus = dir.resolve("corpus");
        String db = dir.resolve("lb.db").toString();
        run("generate", "sessions", "--out", corpus.toString(), "--sessions", "3", "--turns", "2");
        run("import", corpus.toString(), "--db", db);
        InProcessCli.Result r = run("sessions", "--db", db, "--offset", "2147483647");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("sessions 3-3 of 3").doesNotContain("-2147483648");
    }

    @Test
    void anUnexpectedFailureIsOneLineThatSaysItIsABugAndHowToSeeTheTrace() {
        String line = LockbenchCommand.describe(new IllegalStateException("boom\nsecond line"));
        assertThat(line)
                .startsWith("internal error, a bug in lockbench")
                .contains("boom", "--debug")
                .doesNotContain("\n");
        assertThat(LockbenchCommand.isExpected(new IllegalStateException("x"))).isFalse();
        assertThat(io.lockbench.harness.ExitCodes.failure(new Object(), new IllegalStateException("x")))
                .isEqualTo(1);
    }

    @Test
    void timelineRangeErrorsAreUsageErrors() {
        Path db = dir.resolve("lb.db");
        assertThat(run("timeline", "--db", db.toString(), "--from", "-999999999-01-01T00:00:00Z")
                        .err())
                .contains("--from must be between");
        InProcessCli.Result reversed = run(
                "timeline", "--db", db.toString(), "--from", "2026-02-01T00:00:00Z", "--to", "2026-01-01T00:00:00Z");
        assertThat(reversed.exit()).isEqualTo(2);
        assertThat(reversed.err()).contains("--from (2026-02-01T00:00:00Z) must be before --to");
    }

    @Test
    void badOptionValue_exits2_withOneLineListingTheChoices() {
        InProcessCli.Result r = run(
                "import",
                dir.toString(),
                "--strategy",
                "per-row",
                "--db",
                dir.resolve("x.db").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .doesNotContain("\n")
                .contains("expected one of [per-record, batched, whole-file] but was 'per-row'");
    }

    @Test
    void badStoreSetting_exits2_namingTheKey() {
        InProcessCli.Result r = run("sessions", "--db", dir.resolve("x.db").toString(), "--set", "journal_mode=wall");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo(
                        "lockbench: journal_mode: expected one of [delete, truncate, persist, memory, wal, off] but was 'wall'");
    }

    @Test
    void missingTranscriptDirectory_exits2_withOneLine() {
        InProcessCli.Result r = run(
                "import",
                dir.resolve("nope").toString(),
                "--db",
                dir.resolve("x.db").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("lockbench: transcript directory " + dir.resolve("nope") + " does not exist");
    }

    @Test
    void databaseInMissingDirectory_exits1_sayingWhichDirectory() {
        InProcessCli.Result r = run(
                "import",
                dir.toString(),
                "--db",
                dir.resolve("no/such/dir/x.db").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip())
                .startsWith("lockbench: database directory")
                .doesNotContain("\n")
                .doesNotContain("Exception");
    }

    @Test
    void unknownCommand_exits2() {
        assertThat(run("frobnicate").exit()).isEqualTo(2);
    }

    @Test
    void runWithABadScenario_exits2_withOneLineNamingFileLineAndKey() throws Exception {
        Path scenario = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(scenario, "workloads:\n  - type: noop\n    threds: 2\n");
        InProcessCli.Result r = run(
                "run",
                scenario.toString(),
                "--results",
                dir.resolve("results").toString(),
                "--work",
                dir.resolve("work").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .doesNotContain("\n")
                .isEqualTo("lockbench: " + scenario + ":3: workloads[0].threds: unknown key; did you mean threads?");
    }

    @Test
    void runWithAMissingScenarioFile_exits2() {
        InProcessCli.Result r = run("run", dir.resolve("nope.yaml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("lockbench: scenario: file " + dir.resolve("nope.yaml") + " does not exist");
    }

    @Test
    void runExits1WhenAnExpectationFails_andPrintsTheSummary() throws Exception {
        Path scenario = dir.resolve("strict.yaml");
        java.nio.file.Files.writeString(
                scenario, "workloads:\n  - {name: idle, type: noop, operations: 100, expect: {max_p99: 0}}\n");
        InProcessCli.Result r = run(
                "run",
                scenario.toString(),
                "--results",
                dir.resolve("results").toString(),
                "--work",
                dir.resolve("work").toString(),
                "--run-id",
                "strict");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("idle expect p99 <= 0: FAILED").contains("FAILED in");
        assertThat(dir.resolve("results/strict/run.json")).exists();
    }

    @Test
    void runOverrideWithABadValue_exits2_attributedToSet() throws Exception {
        Path scenario = idleScenario();
        InProcessCli.Result r = run("run", scenario.toString(), "--set", "store.busy_timeout_ms=forever");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo(
                        "lockbench: --set store.busy_timeout_ms: store.busy_timeout_ms: expected a whole number but was 'forever'");
    }

    @Test
    void setHelpListsEveryStoreKey_andSettingsPrintsTheTable() {
        String help = run("import", "--help").out().replaceAll("\\s+", " ");
        InProcessCli.Result settings = run("settings");
        assertThat(settings.exit()).isZero();
        for (String key : io.lockbench.store.config.Settings.keys()) {
            assertThat(help).contains(key);
            assertThat(settings.out()).contains("| `" + key + "` |");
        }
    }

    @Test
    void gateUsageErrorsExit3WithOneLine() throws Exception {
        Path scenario = idleScenario();
        InProcessCli.Result zero = run(
                "gate",
                scenario.toString(),
                "--blocks",
                "0",
                "--out",
                dir.resolve("gate").toString());
        assertThat(zero.exit()).isEqualTo(3);
        assertThat(zero.err().strip())
                .startsWith("lockbench:")
                .contains("--blocks")
                .doesNotContain("\n");
        InProcessCli.Result missing = run("gate", dir.resolve("nope.yaml").toString());
        assertThat(missing.exit()).isEqualTo(3);
        InProcessCli.Result badSet = run("gate", scenario.toString(), "--candidate-set", "store.journal_mode=wall");
        assertThat(badSet.exit()).isEqualTo(3);
        assertThat(badSet.err()).contains("store.journal_mode: expected one of");
    }

    private Path idleScenario() throws java.io.IOException {
        return java.nio.file.Files.writeString(
                dir.resolve("ok.yaml"), "workloads:\n  - {name: idle, type: noop, operations: 1}\n");
    }

    /** Every command and subcommand, by its words after {@code lockbench}. */
    private static java.util.List<java.util.List<String>> commands(
            picocli.CommandLine cli, java.util.List<String> path) {
        java.util.List<java.util.List<String>> all = new java.util.ArrayList<>();
        cli.getSubcommands().forEach((name, sub) -> {
            java.util.List<String> words = new java.util.ArrayList<>(path);
            words.add(name);
            all.add(words);
            all.addAll(commands(sub, words));
        });
        return all;
    }

    @Test
    void everyCommandGivesAnUnknownOptionTheUsageCodeOfTheExitCodeTable() {
        java.util.List<java.util.List<String>> commands = commands(LockbenchCommand.commandLine(), java.util.List.of());
        assertThat(commands)
                .hasSizeGreaterThan(15)
                .contains(java.util.List.of("gate"), java.util.List.of("bench", "gate"));
        for (java.util.List<String> command : commands) {
            if (command.equals(java.util.List.of("help"))) {
                continue; // picocli's help takes any word as the name of a command to describe
            }
            java.util.List<String> args = new java.util.ArrayList<>(command);
            args.add("--no-such-option");
            InProcessCli.Result r = run(args.toArray(String[]::new));
            boolean gate = command.get(command.size() - 1).equals("gate");
            assertThat(r.exit())
                    .as(String.join(" ", command) + ": " + r.err())
                    .isEqualTo(gate ? io.lockbench.harness.ExitCodes.GATE_ERROR : io.lockbench.harness.ExitCodes.USAGE);
            assertThat(r.err().strip())
                    .as(String.join(" ", command))
                    .startsWith("lockbench:")
                    .doesNotContain("\n");
        }
    }

    @Test
    void gateTyposAreErrorsNotVerdicts() throws Exception {
        Path scenario = idleScenario();
        Path out = dir.resolve("gate");
        for (String[] bad : new String[][] {
            {"--tolerance", "abc"},
            {"--blocks", "x"},
            {"--baseline-ref", "no-such-ref"},
            {"--baseline-ref", "--upload-pack=touch /tmp/x"},
            {"--max-duration", "soon"},
            {"--min-ops", "-1"},
            {"--confidence", "1"},
            {"--baseline", dir.resolve("no-baseline").toString()},
            {"--baseline-jar", scenario.toString()}
        }) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                    "gate",
                    scenario.toString(),
                    "--out",
                    out.toString(),
                    "--work",
                    dir.resolve("work").toString()));
            args.addAll(java.util.List.of(bad));
            InProcessCli.Result r = run(args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", bad) + ": " + r.err()).isEqualTo(3);
            assertThat(r.err().strip())
                    .as(String.join(" ", bad))
                    .startsWith("lockbench:")
                    .doesNotContain("\n", "a bug in lockbench");
        }
        assertThat(out.resolve("gate.md")).doesNotExist();
        assertThat(Path.of("data", "gate-builds", "build.log"))
                .as("looking up a revision that does not exist leaves nothing in the working directory")
                .doesNotExist();
    }

    @Test
    void benchGateOnAnEmptyBlocksDirectoryIsAnErrorOfTheGateTable() throws Exception {
        Path scenario = idleScenario();
        Path empty = java.nio.file.Files.createDirectories(dir.resolve("empty"));
        InProcessCli.Result r = run("bench", "gate", scenario.toString(), "--blocks-dir", empty.toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err().strip()).startsWith("lockbench:").contains("blocks").doesNotContain("\n", "a bug");
    }

    @Test
    void aGateOfTwoIdenticalConfigurationsIsRefusedBeforeAnyBlockRuns() throws Exception {
        Path scenario = idleScenario();
        InProcessCli.Result r = run(
                "gate",
                scenario.toString(),
                "--baseline-set",
                "store.busy_timeout_ms=5000",
                "--candidate-set",
                "store.busy_timeout_ms=5000",
                "--out",
                dir.resolve("gate").toString(),
                "--work",
                dir.resolve("work").toString());
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("the same configuration");
        assertThat(dir.resolve("gate")).doesNotExist();
    }

    @Test
    void anOverrideThatEveryWorkloadShadowsIsRefusedNamingTheWorkload() throws Exception {
        Path scenario = dir.resolve("shadowed.yaml");
        java.nio.file.Files.writeString(
                scenario,
                "seed:\n  catalog: {sources: 1, entries_per_source: 10}\n"
                        + "workloads:\n  - {name: import, type: import-artifacts, operations: 1,"
                        + " params: {artifacts: 10, batch_size: 10}}\n");
        InProcessCli.Result run = run("run", scenario.toString(), "--set", "store.batch_size=100");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .contains("store.batch_size", "has no effect", "import", "workloads.import.params.batch_size");
        InProcessCli.Result gate = run(
                "gate",
                scenario.toString(),
                "--baseline-set",
                "store.batch_size=10",
                "--candidate-set",
                "store.batch_size=100",
                "--work",
                dir.resolve("work").toString(),
                "--out",
                dir.resolve("gate").toString());
        assertThat(gate.exit()).isEqualTo(3);
        assertThat(gate.err()).contains("has no effect");
        InProcessCli.Result sweep =
                run("sweep", scenario.toString(), "--vary", "store.import_strategy=per-record,whole-file");
        assertThat(sweep.exit()).isEqualTo(2);
        assertThat(sweep.err()).contains("store.import_strategy", "no workload imports sessions");
        assertThat(run(
                                "run",
                                scenario.toString(),
                                "--set",
                                "workloads.import.params.batch_size=5",
                                "--results",
                                dir.resolve("results").toString(),
                                "--work",
                                dir.resolve("work").toString())
                        .exit())
                .isZero();
    }
}
