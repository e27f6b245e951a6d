package io.lockbench.harness.cli;

import io.lockbench.harness.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where harness commands write results and keep their scratch databases. */
final class ResultsOptions {

    /** Scratch databases of runs, gates and benchmarks: the one default every command shares. */
    static final String DEFAULT_WORK = "data/runs";

    @Option(names = "--results", paramLabel = "DIR", description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path results = Path.of("results");

    @Option(
            names = "--work",
            paramLabel = "DIR",
            description = "Scratch directory for run databases (default: ${DEFAULT-VALUE}).")
    Path work = Path.of(DEFAULT_WORK);

    /** {@code id} (given with {@code option}) names a directory under --results, so it must be a plain name. */
    static void checkId(CommandLine commandLine, String option, String id) {
        if (id != null && !ScenarioLoader.isDirectoryName(id)) {
            throw new CommandLine.ParameterException(
                    commandLine,
                    option + ": use up to 100 letters, digits, '.', '-' and '_'"
                            + " (it names a directory under --results) but was '" + id + "'");
        }
    }

    /** Both directories must be writable directories if they exist; they are created when needed. */
    void check(CommandLine commandLine) {
        for (Path dir : new Path[] {results, work}) {
            if (Files.exists(dir) && (!Files.isDirectory(dir) || !Files.isWritable(dir))) {
                throw new CommandLine.ParameterException(
                        commandLine, (dir == results ? "--results " : "--work ") + dir + ": not a writable directory");
            }
        }
    }
}
