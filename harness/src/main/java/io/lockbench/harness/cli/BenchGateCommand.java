package io.lockbench.harness.cli;

import io.lockbench.harness.ExitCodes;
import io.lockbench.harness.gate.GateQuality;
import io.lockbench.harness.gate.GateRunner;
import io.lockbench.harness.json.Json;
import io.lockbench.harness.report.LoadedRun;
import io.lockbench.harness.run.LockbenchJvm;
import io.lockbench.harness.scenario.Durations;
import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.scenario.ScenarioException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "gate",
        mixinStandardHelpOptions = true,
        description =
                "Measure the gate itself: record baseline blocks of a scenario, then run A/A trials (false alarms) and"
                        + " trials with every candidate wait multiplied by --inject (detection), by resampling the blocks.")
final class BenchGateCommand implements Callable<Integer>, ExitCodes.GateStatuses {

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
    Duration blockDuration;

    @Option(
            names = "--max-duration",
            paramLabel = "DURATION",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "With --live: each gate's --max-duration (default: ${DEFAULT-VALUE}).")
    Duration maxDuration;

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
    List<String> regressionSet = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        checkOptions();
        if (live > 0 || liveRegressions > 0) {
            return liveGates();
        }
        List<String> overrides =
                new GateRunner.BlockSettings(blockDuration, 30, Duration.ofSeconds(60)).overrides(true);
        GateRunner runner = new GateRunner(
                scenario,
                Path.of(ResultsOptions.DEFAULT_WORK),
                spec.commandLine().getOut());
        Scenario loaded = runner.validate(overrides);
        if (record > 0) {
            long started = System.nanoTime();
            runner.runRounds(overrides, null, 0, record, blocksDir);
            spec.commandLine()
                    .getOut()
                    .printf(Locale.ROOT, "recorded %d blocks in %.0f s%n", record, (System.nanoTime() - started) / 1e9);
        }
        List<LoadedRun> blocks = GateRunner.loadBlocks(blocksDir, "baseline");
        GateQuality.Outcome o = GateQuality.evaluate(loaded, blocks, perSide, trials, inject, 0.10, 20261124);
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
        ScenarioException bad = null;
        if (record < 0 || record > 1000) {
            bad = new ScenarioException("--record", Integer.toString(record), "must be between 0 and 1000");
        } else if (perSide < 2 || perSide > 500) {
            bad = new ScenarioException("--per-side", Integer.toString(perSide), "must be between 2 and 500");
        } else if (trials < 1 || trials > 100_000) {
            bad = new ScenarioException("--trials", Integer.toString(trials), "must be between 1 and 100000");
        } else if (!(inject > 0 && inject <= 100)) {
            bad = new ScenarioException("--inject", Double.toString(inject), "must be above 0 and at most 100");
        } else if (live < 0 || liveRegressions < 0 || live + liveRegressions > 1000) {
            bad = new ScenarioException(
                    "--live/--live-regressions", live + "/" + liveRegressions, "must be between 0 and 1000 together");
        } else if (liveRegressions > 0 && regressionSet.isEmpty()) {
            bad = new ScenarioException(
                    "--live-regressions", Integer.toString(liveRegressions), "needs at least one --regression-set");
        }
        if (bad != null) {
            throw bad;
        }
    }

    /** Whole gates as CI runs them, each in its own process: verdict counts and wall times. */
    private int liveGates() throws Exception {
        Path jar = Path.of(System.getProperty("java.class.path"));
        boolean fromJar = jar.toString().endsWith(".jar") && Files.isRegularFile(jar);
        Map<String, Integer> aa = new TreeMap<>();
        Map<String, Integer> injected = new TreeMap<>();
        List<Double> seconds = new ArrayList<>();
        Files.createDirectories(blocksDir);
        for (int i = 0; i < live + liveRegressions; i++) {
            boolean regression = i >= live;
            List<String> command = LockbenchJvm.command(
                    "gate",
                    scenario.toString(),
                    "--block-duration",
                    Durations.format(blockDuration),
                    "--max-duration",
                    Durations.format(maxDuration),
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
        List<Double> sorted = new ArrayList<>(seconds);
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
                        Durations.format(blockDuration),
                        Durations.format(maxDuration));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("aa", aa);
        json.put("regression_set", regressionSet);
        json.put("with_regression", injected);
        json.put("median_seconds", median);
        json.put("seconds", seconds);
        json.put("block_duration", Durations.format(blockDuration));
        json.put("max_duration", Durations.format(maxDuration));
        Json.pretty().writeValue(blocksDir.resolve("live-gates.json").toFile(), json);
        return LockbenchCommand.OK;
    }
}
