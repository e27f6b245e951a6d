package io.lockbench.harness.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ExitCodes;
import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.reliability.LockbenchProcess;
import io.lockbench.store.lock.LockTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gate --command} on an application that is not Java: a Python job queue in a git repository of
 * its own, whose child commit holds its write transactions 50% longer (30 ms instead of 20 ms).
 */
@ProcessTest
class CommandGateTest {

    @TempDir
    Path dir;

    Path repo;

    @BeforeAll
    static void linuxWithPythonAndGit() {
        Assumptions.assumeTrue(LockTable.available(), "the lock table is Linux's /proc/locks");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3");
    }

    @BeforeEach
    void repositoryWithASlowerChild() throws Exception {
        repo = Files.createDirectories(dir.resolve("app"));
        String app;
        try (InputStream in = CommandGateTest.class.getResourceAsStream("/record/app/app.py")) {
            app = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        git("init", "--quiet");
        Files.writeString(repo.resolve(".gitignore"), "app.db*\n");
        Files.writeString(repo.resolve("app.py"), app);
        git("add", ".");
        git("commit", "--quiet", "-m", "job queue");
        Files.writeString(repo.resolve("app.py"), app.replace("HOLD_MS = 20", "HOLD_MS = 30"));
        git("commit", "--quiet", "-am", "more work inside the transaction");
    }

    private void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "git",
                "-c",
                "user.name=lockbench",
                "-c",
                "user.email=lockbench@example.com",
                "-c",
                "init.defaultBranch=main"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    private LockbenchProcess gate(String baselineRef, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "gate",
                "--command",
                "python3 app.py",
                "--db",
                "app.db",
                "--baseline-ref",
                baselineRef,
                // Sequential, as CI runs it: a look at 6 blocks a side, more while undecided, so a burst of
                // other load on a shared machine costs blocks, not the verdict.
                "--min-blocks",
                "6",
                "--max-duration",
                "2m",
                "--out",
                dir.resolve("gate-" + baselineRef.replace('~', '-')).toString(),
                "--work",
                dir.resolve("work").toString()));
        args.addAll(List.of(more));
        return LockbenchProcess.startIn(repo, dir, args.toArray(String[]::new));
    }

    @Test
    void aChildThatHoldsItsWriteTransactions50PercentLonger_isARegression() throws Exception {
        LockbenchProcess gate = gate("HEAD~1");

        assertThat(gate.await(600)).as(gate.output()).isEqualTo(ExitCodes.GATE_REGRESSION);
        String md = Files.readString(dir.resolve("gate-HEAD-1").resolve("gate.md"));
        assertThat(md).contains("REGRESSION", "hold");
        assertThat(dir.resolve("gate-HEAD-1").resolve("gate-junit.xml")).exists();
        assertThat(dir.resolve("gate-HEAD-1")
                        .resolve("blocks")
                        .resolve("candidate-01")
                        .resolve("record.json"))
                .exists();
    }

    @Test
    void aChildThatSyncsEveryCommit_isACountRegression_namedBySyncsPerTransaction() throws Exception {
        // on top of the child: WAL's usual synchronous=NORMAL (no sync at commit), then the same
        // transactions with every commit synced (FULL, SQLite's own default)
        String app = Files.readString(repo.resolve("app.py"));
        for (String synchronous : List.of("NORMAL", "FULL")) {
            Files.writeString(
                    repo.resolve("app.py"),
                    app.replace(
                            "db.execute(\"PRAGMA journal_mode=WAL\")",
                            "db.execute(\"PRAGMA journal_mode=WAL\")\ndb.execute(\"PRAGMA synchronous=" + synchronous
                                    + "\")"));
            git("commit", "--quiet", "-am", "synchronous=" + synchronous);
        }
        LockbenchProcess gate = gate("HEAD~1", "--json");

        assertThat(gate.await(600)).as(gate.output()).isEqualTo(ExitCodes.GATE_REGRESSION);
        String md = Files.readString(dir.resolve("gate-HEAD-1").resolve("gate.md"));
        // the setup's own transactions sync in rollback mode, so the median moves from about 0.07 to 1.07
        assertThat(md).contains("**regression**: syncs\\_per\\_tx").contains("a count per write transaction grew");
        assertThat(gate.output()).contains("\"tier\" : \"count\"");
    }

    @Test
    void aCommandThatNeverWritesItsDatabase_isRefused_notAPassOfZeroHolds() throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "gate",
                "--command",
                "python3 app.py",
                "--db",
                "typo.db",
                "--baseline-ref",
                "HEAD~1",
                "--out",
                dir.resolve("gate-typo").toString(),
                "--work",
                dir.resolve("work").toString()));
        LockbenchProcess gate = LockbenchProcess.startIn(repo, dir, args.toArray(String[]::new));

        assertThat(gate.await(600)).as(gate.output()).isEqualTo(ExitCodes.GATE_ERROR);
        assertThat(gate.output()).contains("measured nothing twice").contains("typo.db");
    }

    @Test
    void aCommandThatNeverEnds_isEndedAfterMaxDurationAndAGrace_andTheGateFailsSayingSo() throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "gate",
                "--command",
                "python3 app.py; exec sleep 1000",
                "--db",
                "app.db",
                "--baseline-ref",
                "HEAD~1",
                "--max-duration",
                "1s",
                "--out",
                dir.resolve("gate-hang").toString(),
                "--work",
                dir.resolve("work").toString()));
        LockbenchProcess gate = LockbenchProcess.startIn(repo, dir, args.toArray(String[]::new));

        // Without the limit this would be forever; a second and a grace of ten, and far more for a slow machine.
        assertThat(gate.await(300)).as(gate.output()).isEqualTo(ExitCodes.GATE_ERROR);
        assertThat(gate.output()).contains("still running after --max-duration 1s and a grace of 10s");
        assertThat(dir.resolve("work/gate-command"))
                .as("the checkouts, each with a .git, are scratch and gone")
                .doesNotExist();
    }

    @Test
    void theSameCommitOnBothSides_isNeverARegression() throws Exception {
        LockbenchProcess gate = gate("HEAD");

        assertThat(gate.await(600))
                .as(gate.output())
                .isNotEqualTo(ExitCodes.GATE_REGRESSION)
                .isNotEqualTo(ExitCodes.GATE_ERROR);
    }

    @Test
    void aCommandWithoutABaselineRevision_isAGateErrorInOneLine() throws Exception {
        LockbenchProcess gate = LockbenchProcess.startIn(
                repo, dir, "gate", "--command", "python3 app.py", "--db", "app.db", "--blocks", "2");

        assertThat(gate.await(60)).isEqualTo(ExitCodes.GATE_ERROR);
        assertThat(gate.output()).contains("--baseline-ref").doesNotContain("Exception");
    }
}
