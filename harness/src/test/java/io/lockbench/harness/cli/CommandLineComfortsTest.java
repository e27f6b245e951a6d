package io.lockbench.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ExitCodes;
import io.lockbench.harness.results.BuildInfo;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
        assertThat(Suggestions.distance("rnu", "run")).isEqualTo(1);
        assertThat(Suggestions.distance("run", "run")).isZero();
        assertThat(Suggestions.distance("sweep", "seep")).isEqualTo(1);
        assertThat(Suggestions.distance("report", "record")).isEqualTo(2);
        assertThat(Suggestions.distance("", "gate")).isEqualTo(4);
    }
}
