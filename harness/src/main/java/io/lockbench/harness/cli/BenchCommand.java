package io.lockbench.harness.cli;

import picocli.CommandLine.Command;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks of the store.",
        subcommands = {BenchImportCommand.class, BenchQueriesCommand.class, BenchGateCommand.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(),
                "missing benchmark (import, queries or gate; the JMH benchmarks jmh, recording and server run from"
                        + " benchmarks/target/benchmarks.jar, which ./lockbench bench jmh|recording|server starts)");
    }
}
