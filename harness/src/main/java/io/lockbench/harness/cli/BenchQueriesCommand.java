package io.lockbench.harness.cli;

import io.lockbench.harness.bench.QueryBenchmark;
import io.lockbench.store.SessionStore;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "queries",
        mixinStandardHelpOptions = true,
        description = "Latency of session lists and token timelines on an existing store (one thread).")
final class BenchQueriesCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--iterations", defaultValue = "200")
    int iterations;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (iterations < 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--iterations must be 1 or more but was " + iterations);
        }
        try (SessionStore opened = store.openReadOnly()) {
            Map<String, Histogram> results = new QueryBenchmark(opened, seed).run(iterations);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "%-34s %8s %10s %10s %10s%n",
                            "request",
                            "count",
                            "p50 ms",
                            "p99 ms",
                            "max ms");
            for (Map.Entry<String, Histogram> e : results.entrySet()) {
                Histogram h = e.getValue();
                spec.commandLine()
                        .getOut()
                        .printf(
                                Locale.ROOT,
                                "%-34s %8d %10.2f %10.2f %10.2f%n",
                                e.getKey(),
                                h.getTotalCount(),
                                h.getValueAtPercentile(50) / 1000.0,
                                h.getValueAtPercentile(99) / 1000.0,
                                h.getMaxValue() / 1000.0);
            }
        }
        return LockbenchCommand.OK;
    }
}
