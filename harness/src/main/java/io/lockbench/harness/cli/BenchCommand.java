package io.lockbench.harness.cli;

import picocli.CommandLine.Command;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks of the store.",
        subcommands = {
            BenchImportCommand.class,
            BenchQueriesCommand.class,
            BenchRecordingCommand.class,
            BenchServerCommand.class,
            BenchJmhCommand.class,
            BenchGateCommand.class
        })
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "missing benchmark (import, queries, recording, server, jmh or gate)");
    }
}
