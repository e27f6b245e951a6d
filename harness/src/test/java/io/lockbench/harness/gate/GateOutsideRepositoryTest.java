package io.lockbench.harness.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gate --baseline-ref} outside a git repository says so, in one line, and creates nothing. */
@ProcessTest
class GateOutsideRepositoryTest {

    @TempDir
    Path dir;

    @Test
    void baselineRefOutsideAGitRepository_saysSoAndLeavesNothingBehind() throws Exception {
        Path scenario = Files.copy(Path.of("..", "scenarios", "quick-gate.yaml"), dir.resolve("quick-gate.yaml"));
        Path output = Files.createTempFile("gate-outside", ".out");
        try {
            Process gate = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            "io.lockbench.harness.cli.LockbenchCommand",
                            "gate",
                            scenario.getFileName().toString(),
                            "--baseline-ref",
                            "HEAD"))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            assertThat(gate.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String said = Files.readString(output);
            assertThat(gate.exitValue()).as(said).isEqualTo(3);
            assertThat(said.lines()).as(said).hasSize(1);
            assertThat(said).contains("not in a git repository").doesNotContain("shallow");
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left.map(p -> p.getFileName().toString())).containsExactly("quick-gate.yaml");
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
