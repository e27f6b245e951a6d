package io.lockbench.harness.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where harness commands write results and keep their scratch databases. */
final class ResultsOptions {

    @Option(names = "--results", paramLabel = "DIR", description = "Results directory (default: ${DEFAULT-VALUE}).")
    Path results = Path.of("results");

    @Option(names = "--work", paramLabel = "DIR", description = "Scratch directory for run databases (default: ${DEFAULT-VALUE}).")
    Path work = Path.of("data", "runs");

    /** Both directories must be writable directories if they exist; they are created when needed. */
    void check(CommandLine commandLine) {
        for (Path dir : new Path[] {results, work}) {
            if (Files.exists(dir) && (!Files.isDirectory(dir) || !Files.isWritable(dir))) {
                throw new CommandLine.ParameterException(commandLine, (dir == results ? "--results " : "--work ") + dir
                        + ": not a writable directory");
            }
        }
    }
}
