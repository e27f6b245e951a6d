package io.lockbench.harness.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "jmh",
        mixinStandardHelpOptions = true,
        description = "JMH microbenchmarks: insert paths (ImportPathBenchmark), reads alone and against a writer"
                + " (ReadPathBenchmark), the recording path (RecordingBenchmark). --json writes JMH's result file, which"
                + " 'lockbench report' reads beside runs.")
final class BenchJmhCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--include",
            defaultValue = "io.lockbench.harness.bench.*Benchmark",
            description = "Regular expression of benchmarks to run (default: all of lockbench's).")
    String include;

    @Option(names = "--json", paramLabel = "FILE", description = "Write JMH's JSON result file here.")
    Path json;

    @Option(names = "--quick", description = "One fork, short iterations: a smoke check, not a measurement.")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        return run(include, quick, json);
    }

    static int run(String include, boolean quick, Path json) throws org.openjdk.jmh.runner.RunnerException {
        org.openjdk.jmh.runner.options.ChainedOptionsBuilder options =
                new org.openjdk.jmh.runner.options.OptionsBuilder().include(include);
        if (json != null) {
            options.resultFormat(org.openjdk.jmh.results.format.ResultFormatType.JSON)
                    .result(json.toString());
        }
        if (quick) {
            options.warmupIterations(1)
                    .measurementIterations(2)
                    .warmupTime(org.openjdk.jmh.runner.options.TimeValue.milliseconds(300))
                    .measurementTime(org.openjdk.jmh.runner.options.TimeValue.milliseconds(300));
        }
        new org.openjdk.jmh.runner.Runner(options.build()).run();
        return LockbenchCommand.OK;
    }
}
