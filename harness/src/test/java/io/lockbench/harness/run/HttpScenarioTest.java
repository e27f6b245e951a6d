package io.lockbench.harness.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.results.RunResult;
import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.scenario.ScenarioException;
import io.lockbench.harness.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness over real HTTP: the shipped api-under-import scenario starts a {@code lockbench serve}
 * process on the run's database, the HTTP workloads call it while the import rewrites the data, and
 * the snapshot read path answers every request from one database state.
 */
@ProcessTest
class HttpScenarioTest {

    private static final Path SCENARIO = Path.of("..", "scenarios", "api-under-import.yaml");

    @TempDir
    Path dir;

    @Test
    void theShippedScenarioReadsOverHttpFromAServerItStartsAndStops() throws Exception {
        Scenario scenario = ScenarioLoader.load(SCENARIO, List.of("run.duration=3s", "run.warmup=0s"));
        assertThat(scenario.server().start()).isTrue();
        RunResult result = new ScenarioRunner(
                        scenario,
                        new ScenarioRunner.Options(dir.resolve("work"), dir.resolve("results"), "api", null, false))
                .run();
        for (String name : List.of("session-timeline", "global-timeline", "sessions")) {
            RunResult.WorkloadSummary w = result.workloads().stream()
                    .filter(s -> s.name().equals(name))
                    .findFirst()
                    .orElseThrow();
            assertThat(w.ok()).as(name).isPositive();
            assertThat(w.inconsistent()).as(name).isZero();
        }
        assertThat(result.passed()).isTrue();
        assertThat(dir.resolve("results").resolve("server.log")).exists();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive))
                .as("the server process is stopped with the run")
                .isEmpty();
    }

    @Test
    void httpWorkloadsNeedAServerSectionAndAServerIsStartedOrNamedNotBoth() throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                workloads:
                  - {name: t, type: http-global-timeline, operations: 1}
                """);
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("workloads.t")
                .hasMessageContaining("server: {start: true}");
        Files.writeString(file, """
                server: {start: true, url: "http://127.0.0.1:8080"}
                workloads:
                  - {name: t, type: http-global-timeline, operations: 1}
                """);
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("not both");
        Files.writeString(file, """
                server: {url: "ftp://example"}
                workloads:
                  - {name: t, type: http-global-timeline, operations: 1}
                """);
        assertThatThrownBy(() -> ScenarioLoader.load(file, List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("server.url");
        Files.writeString(file, """
                server: {url: "http://127.0.0.1:9"}
                workloads:
                  - {name: t, type: http-global-timeline, operations: 1}
                """);
        assertThat(ScenarioLoader.load(file, List.of()).server().url()).hasPort(9);
    }
}
