package io.lockbench.harness.cli;

import io.lockbench.harness.bench.ImportBenchmark;
import io.lockbench.harness.bench.ImportComparison;
import io.lockbench.harness.bench.QueryBenchmark;
import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import io.lockbench.harness.text.Millis;
import io.lockbench.store.SessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks of the store.",
        subcommands = {
            BenchCommand.Import.class,
            BenchCommand.Queries.class,
            BenchCommand.Recording.class,
            BenchCommand.Server.class,
            BenchCommand.Jmh.class,
            BenchCommand.Gate.class
        })
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "missing benchmark (import, queries, recording, server, jmh or gate)");
    }

    @Command(
            name = "import",
            mixinStandardHelpOptions = true,
            description =
                    "Import one corpus with every strategy into fresh databases and compare with a raw JDBC insert of"
                            + " the same rows in one transaction; then time the whole 'lockbench import' process against ccusage and the"
                            + " sqlite3 shell on the same files, in interleaved rounds. All in one run; --json keeps the numbers.")
    static final class Import implements Callable<Integer> {

        @Mixin
        StoreOptions store;

        @Option(
                names = "--corpus",
                paramLabel = "DIR",
                description = "Corpus to import (default: generate one with --seed, --sessions, --turns).")
        Path corpus;

        @Option(names = "--seed", defaultValue = "7")
        long seed;

        @Option(names = "--sessions", defaultValue = "200")
        int sessions;

        @Option(names = "--turns", defaultValue = "60")
        int turns;

        @Option(
                names = "--malformed-rate",
                defaultValue = "0.001",
                description = "Fraction of generated lines to truncate" + " (default: ${DEFAULT-VALUE}).")
        double malformedRate;

        @Option(
                names = "--work",
                paramLabel = "DIR",
                defaultValue = "data/bench",
                description = "Where the databases go (default: ${DEFAULT-VALUE}).")
        Path work;

        @Option(
                names = "--batch-sizes",
                split = ",",
                defaultValue = "1,10,100,1000",
                description = "Batch sizes (default: ${DEFAULT-VALUE}).")
        List<Integer> batchSizes;

        @Option(names = "--skip-per-record", description = "Leave out the per-record strategy (slow on large corpora).")
        boolean skipPerRecord;

        @Option(
                names = "--compare-rounds",
                defaultValue = "3",
                description =
                        "Timed rounds of the whole-process comparison with"
                                + " ccusage and the sqlite3 shell, after one warm-up round; 0 leaves it out (default: ${DEFAULT-VALUE}).")
        int compareRounds;

        @Option(
                names = "--json",
                paramLabel = "FILE",
                defaultValue = "results/bench-import.json",
                description = "Where the numbers go as JSON (default: ${DEFAULT-VALUE}).")
        Path json;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (compareRounds < 0 || compareRounds > 100) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--compare-rounds must be 0 to 100 but was " + compareRounds);
            }
            for (int size : batchSizes) {
                if (size < 1) {
                    throw new picocli.CommandLine.ParameterException(
                            spec.commandLine(), "--batch-sizes must be 1 or more but had " + size);
                }
            }
            Path source = corpus;
            if (source == null) {
                source = work.resolve("corpus-" + seed + "-" + sessions + "x" + turns + "-" + malformedRate);
                if (!Files.isDirectory(source)) {
                    CorpusGenerator.Corpus made = new CorpusGenerator(new CorpusSpec(
                                    seed,
                                    sessions,
                                    turns,
                                    8,
                                    300,
                                    Instant.parse("2026-01-05T08:00:00Z"),
                                    30,
                                    malformedRate))
                            .writeTo(source);
                    spec.commandLine()
                            .getOut()
                            .printf(
                                    Locale.ROOT,
                                    "generated %d files, %d lines, %.1f MB in %s%n",
                                    made.files(),
                                    made.lines(),
                                    made.bytes() / 1e6,
                                    source);
                }
            }
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("corpus", source.toString());
            out.put("java", System.getProperty("java.version"));
            out.put("cores", Runtime.getRuntime().availableProcessors());
            out.put("store", store.config().toMap());

            List<ImportBenchmark.Result> results =
                    new ImportBenchmark(source, work, store.config()).run(batchSizes, !skipPerRecord);
            ImportBenchmark.Result ceiling = results.get(results.size() - 1);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "%-20s %10s %9s %12s %9s %10s %26s%n",
                            "strategy",
                            "records",
                            "seconds",
                            "records/s",
                            "MB/s",
                            "vs ceiling",
                            "write-lock hold p50/p99/max");
            List<Map<String, Object>> strategies = new java.util.ArrayList<>();
            for (ImportBenchmark.Result r : results) {
                Histogram h = r.holds();
                String holds = h.getTotalCount() == 0
                        ? "one transaction"
                        : String.format(
                                Locale.ROOT,
                                "%s / %s / %s",
                                Millis.format(h.getValueAtPercentile(50) / 1e6),
                                Millis.format(h.getValueAtPercentile(99) / 1e6),
                                Millis.format(h.getMaxValue() / 1e6));
                spec.commandLine()
                        .getOut()
                        .printf(
                                Locale.ROOT,
                                "%-20s %10d %9.2f %12.0f %9.1f %9.0f%% %26s%n",
                                r.name(),
                                r.records(),
                                r.nanos() / 1e9,
                                r.recordsPerSecond(),
                                r.megabytesPerSecond(),
                                100 * r.recordsPerSecond() / ceiling.recordsPerSecond(),
                                holds);
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                row.put("strategy", r.name());
                row.put("records", r.records());
                row.put("seconds", r.nanos() / 1e9);
                row.put("records_per_second", r.recordsPerSecond());
                row.put("mb_per_second", r.megabytesPerSecond());
                row.put("transactions", h.getTotalCount());
                if (h.getTotalCount() > 0) {
                    row.put("hold_p50_ms", h.getValueAtPercentile(50) / 1e6);
                    row.put("hold_p99_ms", h.getValueAtPercentile(99) / 1e6);
                    row.put("hold_max_ms", h.getMaxValue() / 1e6);
                }
                strategies.add(row);
            }
            out.put("strategies", strategies);
            if (compareRounds > 0) {
                out.put("comparison", compare(source));
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "java %s, %d cores, %s%n",
                            System.getProperty("java.version"),
                            Runtime.getRuntime().availableProcessors(),
                            store.config().toMap());
            if (json.getParent() != null) {
                Files.createDirectories(json.getParent());
            }
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .writerWithDefaultPrettyPrinter()
                    .writeValue(json.toFile(), out);
            spec.commandLine().getOut().println("wrote " + json);
            return LockbenchCommand.OK;
        }

        /** The whole-process comparison: wall times, MB/s, peak memory and the two ratios the targets are stated in. */
        private Map<String, Object> compare(Path source) throws Exception {
            ImportComparison comparison = new ImportComparison(source, work);
            double mb = comparison.corpusBytes() / 1e6;
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "%nwhole processes on the same %.1f MB, median of %d interleaved rounds after a warm-up:%n",
                            mb,
                            compareRounds);
            List<String> importOptions = new java.util.ArrayList<>();
            for (Map.Entry<String, String> e : store.settings.entrySet()) {
                importOptions.addAll(List.of("--set", e.getKey() + "=" + e.getValue()));
            }
            List<ImportComparison.Timing> timings = comparison.run(compareRounds, importOptions);
            Map<String, Object> result = new java.util.LinkedHashMap<>();
            result.put("corpus_mb", mb);
            result.put("rounds", compareRounds);
            List<Map<String, Object>> tools = new java.util.ArrayList<>();
            for (ImportComparison.Timing t : timings) {
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                row.put("tool", t.tool());
                row.put("available", t.available());
                if (!t.available()) {
                    spec.commandLine().getOut().printf(Locale.ROOT, "  %-66s %s%n", t.tool(), t.note());
                    row.put("note", t.note());
                } else {
                    double seconds = t.medianNanos() / 1e9;
                    spec.commandLine()
                            .getOut()
                            .printf(
                                    Locale.ROOT,
                                    "  %-66s %7.2f s %7.1f MB/s  peak RSS %5.0f MB%n",
                                    t.tool(),
                                    seconds,
                                    mb / seconds,
                                    t.peakRssBytes() / 1e6);
                    row.put("seconds", seconds);
                    row.put(
                            "all_seconds",
                            t.wallNanos().stream().map(n -> n / 1e9).toList());
                    row.put("mb_per_second", mb / seconds);
                    row.put("peak_rss_mb", t.peakRssBytes() / 1e6);
                }
                tools.add(row);
            }
            result.put("tools", tools);
            double lockbench = timings.get(0).medianNanos();
            if (timings.get(1).available()) {
                double ratio = lockbench / timings.get(1).medianNanos();
                spec.commandLine()
                        .getOut()
                        .printf(
                                Locale.ROOT,
                                "  lockbench import wall time / ccusage's: %.2f (target 0.50 or less)%n",
                                ratio);
                result.put("lockbench_over_ccusage_wall", ratio);
            }
            if (timings.get(2).available()) {
                double share = timings.get(2).medianNanos() / lockbench;
                spec.commandLine()
                        .getOut()
                        .printf(
                                Locale.ROOT,
                                "  lockbench import speed as a share of the sqlite3 shell's: %.0f%% (target 40%% or more)%n",
                                100 * share);
                result.put("lockbench_speed_share_of_sqlite3", share);
            }
            return result;
        }
    }

    @Command(
            name = "queries",
            mixinStandardHelpOptions = true,
            description = "Latency of session lists and token timelines on an existing store (one thread).")
    static final class Queries implements Callable<Integer> {

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

    @Command(
            name = "recording",
            mixinStandardHelpOptions = true,
            description = "JMH benchmark of the harness's per-operation recording path (trace + histograms), in ns/op.")
    static final class Recording implements Callable<Integer> {

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--quick", description = "One short fork for a smoke check instead of the full measurement.")
        boolean quick;

        @Override
        public Integer call() throws Exception {
            return Jmh.run(io.lockbench.harness.bench.RecordingBenchmark.class.getName(), quick, null);
        }
    }

    @Command(
            name = "server",
            mixinStandardHelpOptions = true,
            description = "JMH benchmark of what lockbench serve adds to a session timeline request: the read alone,"
                    + " the JSON alone, the request over loopback HTTP, and a 404 (the HTTP stack alone), in us/op.")
    static final class Server implements Callable<Integer> {

        @Option(names = "--quick", description = "One short fork for a smoke check instead of the full measurement.")
        boolean quick;

        @Option(names = "--json", paramLabel = "FILE", description = "Write JMH's JSON result file here.")
        Path json;

        @Override
        public Integer call() throws Exception {
            return Jmh.run(io.lockbench.harness.bench.ServerOverheadBenchmark.class.getName(), quick, json);
        }
    }

    @Command(
            name = "gate",
            mixinStandardHelpOptions = true,
            description =
                    "Measure the gate itself: record baseline blocks of a scenario, then run A/A trials (false alarms) and"
                            + " trials with every candidate wait multiplied by --inject (detection), by resampling the blocks.")
    static final class Gate implements Callable<Integer>, io.lockbench.harness.ExitCodes.GateStatuses {

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @picocli.CommandLine.Parameters(index = "0", paramLabel = "SCENARIO")
        Path scenario;

        @Option(
                names = "--blocks-dir",
                required = true,
                paramLabel = "DIR",
                description = "Where the recorded blocks are (or go).")
        Path blocksDir;

        @Option(
                names = "--record",
                defaultValue = "0",
                description = "Record this many baseline blocks first (default: use DIR as is).")
        int record;

        @Option(
                names = "--block-duration",
                paramLabel = "DURATION",
                defaultValue = "5s",
                converter = DurationConverter.class,
                description = "Shortest block (default: ${DEFAULT-VALUE}).")
        java.time.Duration blockDuration;

        @Option(
                names = "--max-duration",
                paramLabel = "DURATION",
                defaultValue = "10m",
                converter = DurationConverter.class,
                description = "With --live: each gate's --max-duration (default: ${DEFAULT-VALUE}).")
        java.time.Duration maxDuration;

        @Option(
                names = "--per-side",
                defaultValue = "6",
                description = "Blocks per side in each trial (default: ${DEFAULT-VALUE}).")
        int perSide;

        @Option(names = "--trials", defaultValue = "20", description = "Trials (default: ${DEFAULT-VALUE}).")
        int trials;

        @Option(
                names = "--inject",
                defaultValue = "1.25",
                description = "Factor applied to the candidate's waits (default: ${DEFAULT-VALUE}).")
        double inject;

        @Option(
                names = "--live",
                defaultValue = "0",
                description = "Instead of resampling, run this many whole A/A gates exactly as CI"
                        + " runs them (baseline and candidate the same build, each gate its own blocks in fresh JVMs).")
        int live;

        @Option(
                names = "--live-regressions",
                defaultValue = "0",
                description = "With --live: also run this many whole gates whose"
                        + " candidate has every --regression-set applied (a real change to what the scenario does).")
        int liveRegressions;

        @Option(
                names = "--regression-set",
                paramLabel = "KEY=VALUE",
                description = "Candidate override for --live-regressions, e.g."
                        + " workloads.import.params.work_per_item=10.24ms (repeatable).")
        List<String> regressionSet = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            checkOptions();
            if (live > 0 || liveRegressions > 0) {
                return liveGates();
            }
            List<String> overrides = new io.lockbench.harness.gate.GateRunner.BlockSettings(
                            blockDuration, 30, java.time.Duration.ofSeconds(60))
                    .overrides(true);
            io.lockbench.harness.gate.GateRunner runner = new io.lockbench.harness.gate.GateRunner(
                    scenario,
                    Path.of(ResultsOptions.DEFAULT_WORK),
                    spec.commandLine().getOut());
            io.lockbench.harness.scenario.Scenario loaded = runner.validate(overrides);
            if (record > 0) {
                long started = System.nanoTime();
                runner.runRounds(overrides, null, 0, record, blocksDir);
                spec.commandLine()
                        .getOut()
                        .printf(
                                Locale.ROOT,
                                "recorded %d blocks in %.0f s%n",
                                record,
                                (System.nanoTime() - started) / 1e9);
            }
            List<io.lockbench.harness.report.LoadedRun> blocks =
                    io.lockbench.harness.gate.GateRunner.loadBlocks(blocksDir, "baseline");
            io.lockbench.harness.gate.GateQuality.Outcome o = io.lockbench.harness.gate.GateQuality.evaluate(
                    loaded, blocks, perSide, trials, inject, 0.10, 20261124);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "resampled A/A: %d false alarms in %d trials (%.0f%%), %d inconclusive; injected x%.2f wait: detected in %d of %d"
                                    + " workload checks (%.0f%%); %d blocks, %d per side%n",
                            o.falseAlarms(),
                            o.trials(),
                            100 * o.falseAlarmRate(),
                            o.inconclusiveAa(),
                            inject,
                            o.detected(),
                            o.injectedChecks(),
                            100 * o.detectionRate(),
                            blocks.size(),
                            perSide);
            return LockbenchCommand.OK;
        }

        private void checkOptions() {
            io.lockbench.harness.scenario.ScenarioException bad = null;
            if (record < 0 || record > 1000) {
                bad = new io.lockbench.harness.scenario.ScenarioException(
                        "--record", Integer.toString(record), "must be between 0 and 1000");
            } else if (perSide < 2 || perSide > 500) {
                bad = new io.lockbench.harness.scenario.ScenarioException(
                        "--per-side", Integer.toString(perSide), "must be between 2 and 500");
            } else if (trials < 1 || trials > 100_000) {
                bad = new io.lockbench.harness.scenario.ScenarioException(
                        "--trials", Integer.toString(trials), "must be between 1 and 100000");
            } else if (!(inject > 0 && inject <= 100)) {
                bad = new io.lockbench.harness.scenario.ScenarioException(
                        "--inject", Double.toString(inject), "must be above 0 and at most 100");
            } else if (live < 0 || liveRegressions < 0 || live + liveRegressions > 1000) {
                bad = new io.lockbench.harness.scenario.ScenarioException(
                        "--live/--live-regressions",
                        live + "/" + liveRegressions,
                        "must be between 0 and 1000 together");
            } else if (liveRegressions > 0 && regressionSet.isEmpty()) {
                bad = new io.lockbench.harness.scenario.ScenarioException(
                        "--live-regressions", Integer.toString(liveRegressions), "needs at least one --regression-set");
            }
            if (bad != null) {
                throw bad;
            }
        }

        /** Whole gates as CI runs them, each in its own process: verdict counts and wall times. */
        private int liveGates() throws Exception {
            Path jar = Path.of(System.getProperty("java.class.path"));
            boolean fromJar = jar.toString().endsWith(".jar") && java.nio.file.Files.isRegularFile(jar);
            Map<String, Integer> aa = new java.util.TreeMap<>();
            Map<String, Integer> injected = new java.util.TreeMap<>();
            List<Double> seconds = new java.util.ArrayList<>();
            java.nio.file.Files.createDirectories(blocksDir);
            for (int i = 0; i < live + liveRegressions; i++) {
                boolean regression = i >= live;
                List<String> command = io.lockbench.harness.run.LockbenchJvm.command(
                        "gate",
                        scenario.toString(),
                        "--block-duration",
                        io.lockbench.harness.scenario.Durations.format(blockDuration),
                        "--max-duration",
                        io.lockbench.harness.scenario.Durations.format(maxDuration),
                        "--out",
                        blocksDir.resolve("gate-" + (i + 1)).toString(),
                        "--work",
                        blocksDir.resolve("work").toString());
                if (fromJar) {
                    command.addAll(List.of("--baseline-jar", jar.toString()));
                }
                if (regression) {
                    regressionSet.forEach(o -> command.addAll(List.of("--candidate-set", o)));
                }
                long started = System.nanoTime();
                Process p = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(
                                blocksDir.resolve("gate-" + (i + 1) + ".log").toFile())
                        .start();
                int exit = p.waitFor();
                double took = (System.nanoTime() - started) / 1e9;
                seconds.add(took);
                String verdict = switch (exit) {
                    case 0 -> "pass";
                    case 1 -> "regression";
                    case 2 -> "inconclusive";
                    default -> "error";
                };
                (regression ? injected : aa).merge(verdict, 1, Integer::sum);
                spec.commandLine()
                        .getOut()
                        .printf(
                                Locale.ROOT,
                                "gate %d/%d (%s): %s in %.0f s%n",
                                i + 1,
                                live + liveRegressions,
                                regression ? "regression" : "A/A",
                                verdict,
                                took);
            }
            List<Double> sorted = new java.util.ArrayList<>(seconds);
            sorted.sort(null);
            double median = sorted.get(sorted.size() / 2);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "live A/A gates (%s): %s; with %s: %s; median wall time %.0f s (blocks of at least %s,"
                                    + " --max-duration %s)%n",
                            fromJar ? "two launches of one build" : "one build",
                            aa,
                            regressionSet,
                            injected,
                            median,
                            io.lockbench.harness.scenario.Durations.format(blockDuration),
                            io.lockbench.harness.scenario.Durations.format(maxDuration));
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("aa", aa);
            json.put("regression_set", regressionSet);
            json.put("with_regression", injected);
            json.put("median_seconds", median);
            json.put("seconds", seconds);
            json.put("block_duration", io.lockbench.harness.scenario.Durations.format(blockDuration));
            json.put("max_duration", io.lockbench.harness.scenario.Durations.format(maxDuration));
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .writerWithDefaultPrettyPrinter()
                    .writeValue(blocksDir.resolve("live-gates.json").toFile(), json);
            return LockbenchCommand.OK;
        }
    }

    @Command(
            name = "jmh",
            mixinStandardHelpOptions = true,
            description = "JMH microbenchmarks: insert paths (ImportPathBenchmark), reads alone and against a writer"
                    + " (ReadPathBenchmark), the recording path (RecordingBenchmark). --json writes JMH's result file, which"
                    + " 'lockbench report' reads beside runs.")
    static final class Jmh implements Callable<Integer> {

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
}
