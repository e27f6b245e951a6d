package io.lockbench.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Bad scenario files and options: each one exits 2 with one line naming the problem, and nothing is
 * written (no results directory, no database).
 */
class HostileConfigurationTest {

    private static final String GOOD = """
            seed:
              catalog: {sources: 1, entries_per_source: 5}
            workloads:
              - {name: imports, type: import-artifacts, operations: 1, params: {artifacts: 5}}
            """;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of(
                "unknown top-level key", "stor: {}\n" + GOOD, List.of(), "stor: unknown key; did you mean store?"));
        cases.add(Arguments.of(
                "misspelt workload key",
                GOOD.replace("operations: 1", "operation: 1"),
                List.of(),
                "workloads[0].operation: unknown key"));
        cases.add(Arguments.of(
                "threads of the wrong type",
                GOOD.replace("operations: 1", "threads: many"),
                List.of(),
                "workloads[0].threads: expected a whole number between 1 and 256 but was 'many'"));
        cases.add(Arguments.of(
                "negative threads",
                GOOD.replace("operations: 1", "threads: -3"),
                List.of(),
                "workloads[0].threads: must be between 1 and 256 but was -3"));
        cases.add(Arguments.of(
                "zero run duration", "run: {duration: 0}\n" + GOOD, List.of(), "run.duration: must be at least 1ms"));
        cases.add(Arguments.of(
                "unknown workload type",
                GOOD.replace("import-artifacts", "drop-tables"),
                List.of(),
                "workloads[0].type: expected one of [import-artifacts"));
        cases.add(
                Arguments.of(
                        "SQL in a PRAGMA choice",
                        "store: {journal_mode: \"wal; DROP TABLE sessions\"}\n" + GOOD,
                        List.of(),
                        "store.journal_mode: expected one of [delete, truncate, persist, memory, wal, off] but was 'wal; DROP TABLE sessions'"));
        cases.add(Arguments.of(
                "SQL in a PRAGMA number",
                "store: {cache_size: \"1; ATTACH DATABASE 'x' AS x\"}\n" + GOOD,
                List.of(),
                "store.cache_size: expected a whole number"));
        cases.add(Arguments.of(
                "database path in the scenario",
                "store: {path: /etc/passwd}\n" + GOOD,
                List.of(),
                "store.path: the database path is chosen per run"));
        cases.add(Arguments.of(
                "run id escaping the results directory",
                GOOD,
                List.of("--run-id", "../../outside"),
                "--run-id: use up to 100 letters"));
        cases.add(Arguments.of(
                "scenario name escaping the results directory",
                "name: ../../outside\n" + GOOD,
                List.of(),
                "name: use up to 100 letters"));
        cases.add(Arguments.of(
                "duplicate keys", GOOD + "workloads: []\n", List.of(), "not valid YAML: Duplicate field 'workloads'"));
        // The anchors are never expanded into a tree a billion nodes wide: the first unknown key ends it.
        cases.add(Arguments.of("YAML alias bomb", bomb() + GOOD, List.of(), "x0: unknown key"));
        cases.add(Arguments.of(
                "deeply nested YAML",
                "description: " + "[".repeat(200) + "]".repeat(200) + "\n" + GOOD,
                List.of(),
                "not valid YAML"));
        cases.add(Arguments.of("empty file", "", List.of(), "expected a YAML mapping"));
        cases.add(Arguments.of("a list instead of a mapping", "- workloads\n", List.of(), "expected a YAML mapping"));
        cases.add(Arguments.of(
                "tab indentation",
                "workloads:\n\t- {type: noop}\n",
                List.of(),
                ":2: scenario: not valid YAML: found character"));
        cases.add(Arguments.of(
                "huge file",
                "description: \"" + "x".repeat(1_100_000) + "\"\n" + GOOD,
                List.of(),
                "scenario files are limited to 1048576"));
        cases.add(Arguments.of(
                "override without a value", GOOD, List.of("--set", "store.batch_size"), "expected key=value"));
        cases.add(Arguments.of(
                "override of a missing workload",
                GOOD,
                List.of("--set", "workloads.nope.threads=2"),
                "no workload named 'nope'; workloads are [imports]"));
        cases.add(Arguments.of(
                "negative rate",
                GOOD.replace("operations: 1", "rate: -5"),
                List.of(),
                "workloads[0].rate: must be between 0.0 and 1000000.0 but was -5.0"));
        cases.add(Arguments.of(
                "duplicate workload names",
                GOOD + "  - {name: imports, type: noop}\n",
                List.of(),
                "duplicate workload name 'imports'"));
        cases.add(Arguments.of(
                "param of another workload type",
                GOOD.replace("artifacts: 5", "artifacts: 5, bucket: day"),
                List.of(),
                "workloads[0].params.bucket: unknown key"));
        cases.add(Arguments.of(
                "busy timeout out of range",
                "store: {busy_timeout_ms: 99999999}\n" + GOOD,
                List.of(),
                "store.busy_timeout_ms: must be between 0 and 3600000 but was 99999999"));
        cases.add(Arguments.of(
                "duration without a unit",
                "run: {duration: 10}\n" + GOOD,
                List.of(),
                "run.duration: expected a duration like 250ms, 2s or 1m but was '10'"));
        cases.add(Arguments.of(
                "unknown expectation",
                GOOD.replace("operations: 1", "operations: 1, expect: {max_p100: 1s}"),
                List.of(),
                "workloads[0].expect.max_p100: unknown key"));
        cases.add(Arguments.of(
                "workload name with a path in it",
                GOOD.replace("name: imports", "name: ../imports"),
                List.of(),
                "workloads[0].name: use letters, digits"));
        cases.add(Arguments.of(
                "threads over the limit by override",
                GOOD,
                List.of("--set", "workloads.imports.threads=100000"),
                "must be between 1 and 256 but was 100000"));
        return cases.stream();
    }

    private static String bomb() {
        StringBuilder yaml = new StringBuilder("x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("x").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badScenarioOrOptionExits2WithOneLineAndWritesNothing(
            String name, String yaml, List<String> extra, String expected) throws IOException {
        Path scenario = dir.resolve("scenario.yaml");
        Files.writeString(scenario, yaml);
        List<String> args = new ArrayList<>(List.of(
                "run",
                scenario.toString(),
                "--results",
                dir.resolve("results").toString(),
                "--work",
                dir.resolve("work").toString()));
        args.addAll(extra);
        InProcessCli.Result result = InProcessCli.run(args.toArray(String[]::new));
        int exit = result.exit();
        String message = result.err().strip();
        assertThat(exit).as(message).isEqualTo(2);
        assertThat(message)
                .startsWith("lockbench: ")
                .doesNotContain("\n")
                .doesNotContain("Exception")
                .contains(expected);
        assertThat(message.length()).isLessThan(400);
        assertThat(dir.resolve("results")).doesNotExist();
        assertThat(dir.resolve("work")).doesNotExist();
    }

    @org.junit.jupiter.api.Test
    void notUtf8AndDirectoriesAndMissingFilesAreUsageErrors() throws IOException {
        Path binary = dir.resolve("binary.yaml");
        Files.write(binary, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        for (Path bad : List.of(binary, dir, dir.resolve("missing.yaml"))) {
            StringWriter err = new StringWriter();
            CommandLine cli = LockbenchCommand.commandLine();
            cli.setErr(new PrintWriter(err));
            assertThat(cli.execute(
                            "run",
                            bad.toString(),
                            "--results",
                            dir.resolve("results").toString()))
                    .as(err.toString())
                    .isEqualTo(2);
            assertThat(err.toString().strip()).doesNotContain("\n");
        }
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        Path scenario = dir.resolve("ok.yaml");
        Files.writeString(scenario, GOOD);
        StringWriter err = new StringWriter();
        CommandLine cli = LockbenchCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("run", scenario.toString(), "--results", file.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--results " + file + ": not a writable directory");
    }
}
