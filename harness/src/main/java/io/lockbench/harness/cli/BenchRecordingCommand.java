package io.lockbench.harness.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "recording",
        mixinStandardHelpOptions = true,
        description = "JMH benchmark of the harness's per-operation recording path (trace + histograms), in ns/op.")
final class BenchRecordingCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "One short fork for a smoke check instead of the full measurement.")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        return BenchJmhCommand.run(io.lockbench.harness.bench.RecordingBenchmark.class.getName(), quick, null);
    }
}
