package io.lockbench.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No command changes or deletes a byte it did not create: an existing directory that is not lockbench's
 * own output is refused, and an earlier output of its own is replaced only with {@code --force}.
 */
class OutputDirectoriesTest {

    @TempDir
    Path dir;

    private Path scenario() throws Exception {
        Files.writeString(dir.resolve("schema.sql"), "CREATE TABLE t (x);\n");
        Files.writeString(dir.resolve("add.sql"), "INSERT INTO t VALUES (1);\n");
        return Files.writeString(dir.resolve("s.yaml"), """
                name: s
                store: {schema: schema.sql}
                run: {duration: 200ms}
                workloads:
                  - {name: add, type: sql, params: {script: add.sql}}
                """);
    }

    private Path usersFile(Path directory) throws Exception {
        Files.createDirectories(directory);
        return Files.writeString(directory.resolve("thesis.tex"), "years of work");
    }

    @Test
    void aRunIdWhoseScratchDirectoryHoldsTheUsersFiles_isRefusedAndTheFilesStay() throws Exception {
        Path kept = usersFile(dir.resolve("work/t"));
        InProcessCli.Result r = InProcessCli.runScenario(scenario(), dir, "t", "--force");
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err())
                .contains("--work", "not an earlier scratch's output")
                .doesNotContain("\tat ");
        assertThat(kept).hasContent("years of work");
    }

    @Test
    void aRunIdUsedBefore_isRefused_andReplacedOnlyWithForce() throws Exception {
        Path scenario = scenario();
        assertThat(InProcessCli.runScenario(scenario, dir, "t").exit()).isZero();
        Path earlier = dir.resolve("results/t/run.json");
        String first = Files.readString(earlier);

        InProcessCli.Result again = InProcessCli.runScenario(scenario, dir, "t");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("--run-id", "holds an earlier run's output", "--force");
        assertThat(earlier).hasContent(first);

        InProcessCli.Result forced = InProcessCli.runScenario(scenario, dir, "t", "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(Files.readString(earlier)).isNotEqualTo(first);
    }

    @Test
    void resultsOfARunIdThatAreNotARunsOutput_areRefusedEvenWithForce() throws Exception {
        Path kept = usersFile(dir.resolve("results/t"));
        InProcessCli.Result r = InProcessCli.runScenario(scenario(), dir, "t", "--force");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("not an earlier run's output");
        assertThat(kept).hasContent("years of work");
    }

    @Test
    void recordAndGateAndWatch_refuseAnOutDirectoryHoldingTheUsersFiles() throws Exception {
        Path out = dir.resolve("mine");
        Path kept = usersFile(out);
        InProcessCli.Result record = InProcessCli.run(
                "record", "--db", dir.resolve("a.db").toString(), "--out", out.toString(), "--", "true");
        InProcessCli.Result gate = InProcessCli.run(
                "gate", scenario().toString(), "--candidate-set", "store.synchronous=full", "--out", out.toString());
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("a.db"));
                var s = c.createStatement()) {
            s.execute("CREATE TABLE t (x)");
        }
        InProcessCli.Result watch =
                InProcessCli.run("watch", dir.resolve("a.db").toString(), "--duration", "1s", "--out", out.toString());
        assertThat(record.exit()).as(record.err()).isEqualTo(2);
        assertThat(gate.exit()).as("a gate's error: " + gate.err()).isEqualTo(3);
        assertThat(watch.exit()).as(watch.err()).isEqualTo(2);
        for (InProcessCli.Result r : new InProcessCli.Result[] {record, gate, watch}) {
            assertThat(r.err()).contains(out.toString(), "lockbench writes only into a new or empty directory");
        }
        assertThat(kept).hasContent("years of work");
        try (var files = Files.list(out)) {
            assertThat(files).containsExactly(kept);
        }
    }

    @Test
    void aDefaultNameThatExistsAlready_getsANumber() throws Exception {
        Files.createDirectories(dir.resolve("gate-1"));
        Files.createDirectories(dir.resolve("gate-1-2"));
        assertThat(OutputDirectory.freshName(dir, "gate-1")).isEqualTo("gate-1-3");
        assertThat(OutputDirectory.freshName(dir, "gate-2")).isEqualTo("gate-2");
    }
}
