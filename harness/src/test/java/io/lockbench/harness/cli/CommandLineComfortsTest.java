package io.lockbench.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ExitCodes;
import io.lockbench.harness.results.BuildInfo;
import io.lockbench.store.config.NearestNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a person expects of any command line: a version everywhere, and the nearest name for a typo. */
class CommandLineComfortsTest {

    @Test
    void everyCommand_printsTheVersionAndCommit() {
        Map<String, CommandLine> commands = LockbenchCommand.commandLine().getSubcommands();
        for (String name : commands.keySet()) {
            if (!commands.get(name).getCommandSpec().mixinStandardHelpOptions()) {
                continue; // help
            }
            InProcessCli.Result result = InProcessCli.run(name, "--version");
            assertThat(result.exit()).as(name).isZero();
            assertThat(result.out().strip())
                    .as(name)
                    .isEqualTo(BuildInfo.current().describe());
        }
        assertThat(InProcessCli.run("--version").out()).startsWith("lockbench ").contains("(commit ");
    }

    @Test
    void aMistypedCommand_suggestsTheNearest_evenForASwapOfTwoLetters() {
        InProcessCli.Result rnu = InProcessCli.run("rnu");
        assertThat(rnu.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(rnu.err()).contains("did you mean run?").hasLineCount(1);

        assertThat(InProcessCli.run("wacth", "app.db").err()).contains("did you mean watch?");
        assertThat(InProcessCli.run("zzzzzz").err()).doesNotContain("did you mean");
    }

    @Test
    void aMistypedOption_suggestsTheNearestOptionOfThatCommand() {
        assertThat(InProcessCli.run("run", "--quite", "x.yaml").err()).contains("did you mean --quiet?");
        InProcessCli.Result gate = InProcessCli.run("gate", "--blcoks", "3", "x.yaml");
        assertThat(gate.exit()).isEqualTo(ExitCodes.GATE_ERROR);
        assertThat(gate.err()).contains("did you mean --blocks?");
    }

    @Test
    void editDistanceCountsASwapOfNeighboursAsOneEdit() {
        assertThat(NearestNames.distance("rnu", "run")).isEqualTo(1);
        assertThat(NearestNames.distance("run", "run")).isZero();
        assertThat(NearestNames.distance("sweep", "seep")).isEqualTo(1);
        assertThat(NearestNames.distance("report", "record")).isEqualTo(2);
        assertThat(NearestNames.distance("", "gate")).isEqualTo(4);
    }

    @Test
    void theBashCompletionScript_completesCommandsInARealBash(@TempDir Path dir) throws Exception {
        InProcessCli.Result script = InProcessCli.run("completion", "bash");
        assertThat(script.exit()).isZero();
        Path file = dir.resolve("lockbench.bash");
        Files.writeString(file, script.out());

        Process bash = new ProcessBuilder(
                        "bash",
                        "-c",
                        "source \"$0\"; COMP_WORDS=(lockbench re); COMP_CWORD=1; COMP_LINE='lockbench re'; COMP_POINT=12;"
                                + " _complete_lockbench; echo \"${COMPREPLY[@]}\"",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String completed = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(completed).isEqualTo("record report");
        assertThat(InProcessCli.run("completion", "fish").exit()).isEqualTo(ExitCodes.USAGE);
    }
}
