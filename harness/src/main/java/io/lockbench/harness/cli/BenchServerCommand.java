package io.lockbench.harness.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = "JMH benchmark of what lockbench serve adds to a session timeline request: the read alone,"
                + " the JSON alone, the request over loopback HTTP, and a 404 (the HTTP stack alone), in us/op.")
final class BenchServerCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "One short fork for a smoke check instead of the full measurement.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Write JMH's JSON result file here.")
    Path json;

    @Override
    public Integer call() throws Exception {
        return BenchJmhCommand.run(io.lockbench.harness.bench.ServerOverheadBenchmark.class.getName(), quick, json);
    }
}
