package io.lockbench.benchmarks;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmarks jar's entry point ({@code ./lockbench bench jmh|recording|server} starts it): the
 * JMH benchmarks by name, with the options lockbench's other commands use. JMH's own command line is
 * {@code java -cp benchmarks.jar org.openjdk.jmh.Main}.
 */
@Command(
        name = "lockbench bench",
        mixinStandardHelpOptions = true,
        description = "JMH microbenchmarks of lockbench.",
        subcommands = {Benchmarks.All.class, Benchmarks.Recording.class, Benchmarks.Server.class})
public final class Benchmarks implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Benchmarks()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing benchmark (jmh, recording or server)");
    }

    /** Options every benchmark command takes. */
    static class Common {
        @Option(names = "--quick", description = "One fork, short iterations: a smoke check, not a measurement.")
        boolean quick;

        @Option(names = "--json", paramLabel = "FILE", description = "Write JMH's JSON result file here.")
        Path json;

        int run(String include) throws RunnerException {
            ChainedOptionsBuilder options = new OptionsBuilder().include(include);
            if (json != null) {
                options.resultFormat(ResultFormatType.JSON).result(json.toString());
            }
            if (quick) {
                options.forks(1)
                        .warmupIterations(1)
                        .measurementIterations(2)
                        .warmupTime(TimeValue.milliseconds(300))
                        .measurementTime(TimeValue.milliseconds(300));
            }
            new Runner(options.build()).run();
            return 0;
        }
    }

    @Command(
            name = "jmh",
            mixinStandardHelpOptions = true,
            description = "JMH microbenchmarks: insert paths (ImportPathBenchmark), reads alone and against a writer"
                    + " (ReadPathBenchmark, ContentionBenchmark), the recording path (RecordingBenchmark), the server"
                    + " (ServerOverheadBenchmark). --json writes JMH's result file, which 'lockbench report' reads"
                    + " beside runs.")
    static final class All extends Common implements Callable<Integer> {
        @Option(
                names = "--include",
                defaultValue = "io.lockbench.benchmarks.*Benchmark",
                description = "Regular expression of benchmarks to run (default: all of lockbench's).")
        String include;

        @Override
        public Integer call() throws RunnerException {
            return run(include);
        }
    }

    @Command(
            name = "recording",
            mixinStandardHelpOptions = true,
            description = "The harness's per-operation recording path (trace + histograms), in ns/op.")
    static final class Recording extends Common implements Callable<Integer> {
        @Override
        public Integer call() throws RunnerException {
            return run(RecordingBenchmark.class.getName());
        }
    }

    @Command(
            name = "server",
            mixinStandardHelpOptions = true,
            description = "What lockbench serve adds to a session timeline request: the read alone, the JSON alone,"
                    + " the request over loopback HTTP, and a 404 (the HTTP stack alone), in us/op.")
    static final class Server extends Common implements Callable<Integer> {
        @Override
        public Integer call() throws RunnerException {
            return run(ServerOverheadBenchmark.class.getName());
        }
    }
}
