package io.lockbench.harness.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate as CI runs it: a real git repository made from this source tree, with a parent commit and a
 * child whose catalog transactions do half as much application work again while they hold the write
 * lock (a code change, not a setting), each built with the Maven wrapper, then {@code lockbench gate
 * --baseline-ref} run from the built jar in a fresh process. The gates are sequential with a
 * --max-duration, so they end in bounded time however loaded the machine is.
 */
@ProcessTest
class RevisionGateTest {

    /**
     * The child's whole version of the class that performs the application work: written as a file, not
     * patched line by line, so an edit to the store's code cannot make the injection silently miss.
     */
    private static final Path WORK = Path.of("harness/src/main/java/io/lockbench/harness/catalog/ApplicationWork.java");

    private static final String LONGER_WORK = """
            package io.lockbench.harness.catalog;

            import io.lockbench.store.lock.Pause;
            import java.time.Duration;

            /** Every transaction's application work, half as long again as its parent's. */
            final class ApplicationWork {

                private ApplicationWork() {}

                static void perform(Duration work) {
                    Pause.sleep(work.toNanos() * 3 / 2);
                }
            }
            """;

    @TempDir
    static Path dir;

    static Path repo;
    static RevisionBuild builds;
    static String parent;
    static String child;

    @BeforeAll
    static void repositoryWithAHoldRegressionInItsLastCommit() throws Exception {
        Path source = Path.of("").toAbsolutePath().getParent();
        repo = dir.resolve("repo");
        String files = run(source, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard");
        for (String file : files.split("\0")) {
            Path from = source.resolve(file);
            if (!file.isBlank() && Files.isRegularFile(from)) {
                Path to = repo.resolve(file);
                Files.createDirectories(to.getParent());
                Files.copy(from, to);
                to.toFile().setExecutable(from.toFile().canExecute());
            }
        }
        git("init", "-q");
        git("add", "-A");
        git("commit", "-q", "-m", "baseline");
        assertThat(repo.resolve(WORK))
                .as("the class the injected regression replaces")
                .isRegularFile();
        Files.writeString(repo.resolve(WORK), LONGER_WORK);
        git("commit", "-q", "-a", "-m", "every catalog transaction works 50% longer while it holds the lock");
        builds = new RevisionBuild(repo, dir.resolve("builds"));
        parent = builds.resolve("HEAD~1");
        child = builds.resolve("HEAD");
        assertThat(parent).isNotEqualTo(child);
    }

    @Test
    void gateOfACommitThatHoldsTheLockLongerThanItsParentExitsOne() throws Exception {
        Path jar = builds.jar(child, null);
        Gate gate = gate(jar, "--baseline-ref", "HEAD~1");

        assertThat(gate.exit).as(gate.output).isEqualTo(1);
        assertThat(gate.markdown)
                .startsWith("# Lock-wait gate: quick-gate")
                .contains("**REGRESSION**", "HEAD~1 (" + parent.substring(0, 12) + ")", child.substring(0, 12));
        assertThat(gate.markdown.lines().filter(l -> l.startsWith("| ") && l.contains("**regression**")))
                .as("at least one workload's row says what regressed")
                .isNotEmpty();
        assertThat(gate.junit).contains("failures=\"").doesNotContain("failures=\"0\"");
        assertThat(RevisionBuild.recordedCommit(
                        repo.resolve("data/gate-builds").resolve(parent).resolve("lockbench.jar")))
                .as("a baseline built from a temporary checkout records its own commit, not the checkout it came from")
                .isEqualTo(parent);
    }

    @Test
    void gateBetweenTwoBuildsOfTheSameCommitDoesNotFailCi() throws Exception {
        // The candidate is built here; the gate builds the baseline again from its own worktree.
        Path jar = builds.jar(parent, null);
        git("checkout", "-q", "--detach", parent);
        try {
            // At --confidence 0.999 a false REGRESSION has a chance of at most 0.1%, so a test that insists on
            // none is not flaky; at the default 95% one gate in twenty could say it.
            Gate gate = gate(jar, "--baseline-ref", parent, "--confidence", "0.999");

            assertThat(gate.exit).as(gate.output).isIn(0, 2);
            assertThat(gate.markdown)
                    .doesNotContain("**REGRESSION**", "**regression**")
                    .contains(
                            "Candidate `current code (" + parent.substring(0, 12) + ")`", "baseline `" + parent + " (");
            Path baselineJar = repo.resolve("data/gate-builds").resolve(parent).resolve("lockbench.jar");
            assertThat(RevisionBuild.recordedCommit(baselineJar))
                    .isEqualTo(RevisionBuild.recordedCommit(jar))
                    .isEqualTo(parent);
        } finally {
            git("checkout", "-q", "-");
        }
    }

    private record Gate(int exit, String output, String markdown, String junit) {}

    private static Gate gate(Path jar, String... baseline) throws IOException, InterruptedException {
        Path out = Files.createTempDirectory(dir, "gate");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "gate",
                "scenarios/quick-gate.yaml",
                "--block-duration",
                "2s",
                "--max-duration",
                "4m",
                "--out",
                out.resolve("report").toString(),
                "--work",
                out.resolve("work").toString()));
        command.addAll(List.of(baseline));
        Path log = out.resolve("gate.log");
        Process p = new ProcessBuilder(command)
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the gate did not finish in 20 minutes:\n" + Files.readString(log));
        }
        Path md = out.resolve("report/gate.md");
        Path junit = out.resolve("report/gate-junit.xml");
        return new Gate(
                p.exitValue(),
                Files.readString(log),
                Files.isRegularFile(md) ? Files.readString(md) : "",
                Files.isRegularFile(junit) ? Files.readString(junit) : "");
    }

    private static void git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "git",
                "-c",
                "user.name=lockbench test",
                "-c",
                "user.email=test@lockbench.invalid",
                "-c",
                "commit.gpgsign=false"));
        command.addAll(List.of(args));
        run(repo, command.toArray(String[]::new));
    }

    private static String run(Path directory, String... command) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Process p = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }
}
