package io.lockbench.harness.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.cli.InProcessCli;
import io.lockbench.store.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stored baseline is only used when it can stand for the candidate: real blocks recorded by a real
 * gate, then copies altered the way a wrong path, a changed scenario, a mixed directory or another
 * machine would alter them. Every refusal is exit 3, before any candidate block runs.
 */
class GateBaselineTest {

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path scenario;
    private static Path recorded;

    @BeforeAll
    static void recordTwoBlocks() throws Exception {
        scenario = Files.writeString(shared.resolve("tiny.yaml"), """
                name: tiny
                workloads:
                  - {name: work, type: noop, rate: 200}
                """);
        recorded = shared.resolve("baseline");
        InProcessCli.Result r = InProcessCli.run(
                "gate",
                scenario.toString(),
                "--record-baseline",
                recorded.toString(),
                "--blocks",
                "2",
                "--block-duration",
                "300ms",
                "--work",
                shared.resolve("work").toString());
        assertThat(r.exit()).as(r.err()).isZero();
    }

    private InProcessCli.Result gate(Path baseline, String... more) {
        String[] args = Stream.concat(
                        Stream.of(
                                "gate",
                                scenario.toString(),
                                "--baseline",
                                baseline.toString(),
                                "--blocks",
                                "2",
                                "--block-duration",
                                "300ms",
                                "--out",
                                dir.resolve("out").toString(),
                                "--work",
                                dir.resolve("work").toString()),
                        Stream.of(more))
                .toArray(String[]::new);
        return InProcessCli.run(args);
    }

    private Path copy(String name) {
        return TestStores.copyTree(recorded, dir.resolve(name));
    }

    private static void edit(Path runJson, String regex, String replacement) throws Exception {
        String json = Files.readString(runJson);
        String edited = json.replaceFirst(regex, replacement);
        assertThat(edited).isNotEqualTo(json);
        Files.writeString(runJson, edited);
    }

    private void refused(InProcessCli.Result r, String reason) {
        assertThat(r.exit()).as(r.err()).isEqualTo(3);
        assertThat(r.err().strip()).doesNotContain("\n").contains(reason);
        assertThat(dir.resolve("out/blocks")).as("no candidate block ran").doesNotExist();
    }

    @Test
    void aMissingOrEmptyBaselineDirectoryIsAnErrorNotInconclusive() throws Exception {
        refused(gate(dir.resolve("nowhere")), "does not exist");
        refused(gate(Files.createDirectories(dir.resolve("empty"))), "holds no baseline blocks");
    }

    @Test
    void blocksOfAnotherScenarioOrConfigurationAreRefused() throws Exception {
        Path other = copy("other-scenario");
        for (String block : new String[] {"baseline-01", "baseline-02"}) {
            edit(
                    other.resolve(block + "/run.json"),
                    "\"scenario_sha256\" : \"[0-9a-f]+\"",
                    "\"scenario_sha256\" : \"0000\"");
        }
        refused(gate(other), "the scenario file differs");
        refused(
                gate(recorded, "--candidate-set", "workloads.work.rate=300"),
                "the configuration differs: workloads.work.rate");
    }

    @Test
    void mixedBlocksAreRefused() throws Exception {
        Path mixed = copy("mixed");
        edit(
                mixed.resolve("baseline-02/run.json"),
                "\"lockbench_commit\" : \"[^\"]*\"",
                "\"lockbench_commit\" : \"feedface\"");
        refused(gate(mixed), "were not measured alike: baseline-02");
    }

    @Test
    void anotherMachineIsRefusedUnlessAllowedAndThenTheReportSaysSo() throws Exception {
        Path elsewhere = copy("elsewhere");
        for (String block : new String[] {"baseline-01", "baseline-02"}) {
            edit(elsewhere.resolve(block + "/run.json"), "\"cpus\" : \\d+", "\"cpus\" : 96");
        }
        refused(gate(elsewhere), "recorded on another machine");
        InProcessCli.Result allowed = gate(elsewhere, "--allow-other-machine");
        assertThat(allowed.exit()).as(allowed.err()).isIn(0, 1, 2);
        assertThat(allowed.out().lines().limit(3))
                .anySatisfy(line -> assertThat(line).contains("baseline recorded on another machine"));
    }

    @Test
    void aMatchingBaselineIsCompared() {
        InProcessCli.Result r = gate(recorded);
        assertThat(r.exit()).as(r.err()).isIn(0, 2);
        assertThat(r.out()).contains("# Lock-wait gate: tiny");
    }
}
