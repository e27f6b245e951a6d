package io.lockbench.harness.cli;

import io.lockbench.harness.gate.GateReport;
import io.lockbench.harness.gate.GateResult;
import io.lockbench.harness.gate.GateRunner;
import io.lockbench.harness.gate.RevisionBuild;
import io.lockbench.harness.report.LoadedRun;
import io.lockbench.harness.scenario.Durations;
import io.lockbench.harness.scenario.Scenario;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lockbench gate SCENARIO}: baseline against candidate on the p99 of latency and wait per
 * workload. Exit 0 pass, 1 regression, 2 inconclusive, 3 harness or usage error.
 */
@Command(
        name = "gate",
        mixinStandardHelpOptions = true,
        description = {
            "Lock-wait regression gate. Compares the p99 of latency and of wait (lock + writer connection) per workload,"
                    + " one histogram per block, with a bootstrap confidence interval on the p99 ratio: a regression only when the whole"
                    + " interval is above 1 + tolerance.",
            "Either two configurations run now, interleaved in fresh processes (--baseline-set / --candidate-set), or the candidate"
                    + " against stored baseline blocks (--baseline DIR, made with --record-baseline DIR).",
            "Writes gate.md, gate-junit.xml and gate-bencher.json to --out. Exit: 0 pass, 1 regression, 2 inconclusive, 3 harness or"
                    + " usage error."
        })
final class GateCommand implements Callable<Integer> {

    static final int PASS = 0;
    static final int HARNESS_ERROR = 3;

    @Parameters(index = "0", paramLabel = "SCENARIO")
    Path scenario;

    @Option(
            names = "--baseline-set",
            paramLabel = "KEY=VALUE",
            description = "Override of the baseline configuration (repeatable).")
    List<String> baselineSet = new ArrayList<>();

    @Option(
            names = "--candidate-set",
            paramLabel = "KEY=VALUE",
            description = "Override of the candidate configuration (repeatable).")
    List<String> candidateSet = new ArrayList<>();

    @Option(
            names = "--baseline",
            paramLabel = "DIR",
            description = "Stored baseline blocks (from --record-baseline) instead of running them.")
    Path storedBaseline;

    @Option(
            names = "--record-baseline",
            paramLabel = "DIR",
            description = "Run only baseline blocks and store them in DIR.")
    Path recordBaseline;

    @Option(
            names = "--baseline-ref",
            paramLabel = "REV",
            description = "Baseline = the lockbench of this git revision (a branch,"
                    + " HEAD~1, a commit), built once from a temporary checkout and cached by commit under data/gate-builds; the candidate is"
                    + " this build. Same scenario, same settings, ABBA order.")
    String baselineRef;

    @Option(
            names = "--baseline-jar",
            paramLabel = "JAR",
            description = "Baseline = this lockbench jar; the candidate is this build.")
    Path baselineJar;

    @Option(
            names = "--allow-other-machine",
            description = "Compare against --baseline blocks recorded on another machine or JVM"
                    + " (the report says so at the top).")
    boolean allowOtherMachine;

    @Option(names = "--blocks", defaultValue = "6", description = "Blocks per side (default: ${DEFAULT-VALUE}).")
    int blocks;

    @Option(
            names = "--block-duration",
            paramLabel = "DURATION",
            defaultValue = "5s",
            description = "run.duration of each block (default: ${DEFAULT-VALUE}).")
    String blockDuration;

    @Option(
            names = "--tolerance",
            defaultValue = "0.10",
            description = "Allowed p99 increase as a fraction (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(
            names = "--confidence",
            defaultValue = "0.95",
            description = "Confidence of the interval (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "results/gate",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--work",
            paramLabel = "DIR",
            defaultValue = ResultsOptions.DEFAULT_WORK,
            description = "Scratch directory (default: ${DEFAULT-VALUE}).")
    Path work;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return gate();
        } catch (Exception e) {
            err.println("lockbench: gate could not measure: " + LockbenchCommand.describe(e));
            err.flush();
            return HARNESS_ERROR;
        }
    }

    private int gate() throws Exception {
        if (blocks < 1 || blocks > 1000) {
            throw new io.lockbench.harness.scenario.ScenarioException(
                    "--blocks", Integer.toString(blocks), "must be between 1 and 1000");
        }
        if (!(tolerance >= 0 && tolerance <= 10) || !(confidence > 0.5 && confidence < 1)) {
            throw new io.lockbench.harness.scenario.ScenarioException(
                    "--tolerance/--confidence",
                    tolerance + "/" + confidence,
                    "tolerance must be between 0 and 10, confidence between 0.5 and 1 (exclusive)");
        }
        if (Durations.parse(blockDuration) == null) {
            throw new io.lockbench.harness.scenario.ScenarioException(
                    "--block-duration", blockDuration, "expected a duration like 5s");
        }
        List<String> base = with(baselineSet);
        List<String> cand = with(candidateSet);
        GateRunner runner = new GateRunner(scenario, work, spec.commandLine().getErr());
        String buildLabel = null;
        if (baselineRef != null || baselineJar != null) {
            if ((baselineRef != null && baselineJar != null) || storedBaseline != null || recordBaseline != null) {
                throw new io.lockbench.harness.scenario.ScenarioException(
                        "--baseline-ref",
                        baselineRef != null ? baselineRef : baselineJar.toString(),
                        "use one of --baseline-ref, --baseline-jar, --baseline and --record-baseline");
            }
            Path jar = baselineJar;
            if (baselineRef != null) {
                RevisionBuild builds = new RevisionBuild(
                        Path.of("").toAbsolutePath(),
                        Path.of("data", "gate-builds").toAbsolutePath());
                String commit = builds.resolve(baselineRef);
                jar = builds.jar(commit, spec.commandLine().getErr());
                buildLabel = baselineRef + " (" + commit.substring(0, 12) + ")";
            } else {
                buildLabel = baselineJar.toString();
            }
            runner.withBaselineJar(jar);
        }
        Scenario baseScenario = runner.validate(base);
        runner.validate(cand);
        long started = System.nanoTime();
        if (recordBaseline != null) {
            runner.runBlocks(base, null, blocks, recordBaseline);
            spec.commandLine().getErr().println("baseline: " + blocks + " blocks in " + recordBaseline);
            return PASS;
        }
        List<String> notes = new ArrayList<>();
        // A stored baseline is checked before any candidate block runs: a wrong one must not cost a measurement.
        List<LoadedRun> stored = storedBaseline == null
                ? null
                : GateRunner.loadBaseline(storedBaseline, runner.validate(cand), allowOtherMachine, notes);
        Path blocksDir = out.resolve("blocks");
        io.lockbench.harness.run.ScratchDirectories.delete(blocksDir);
        runner.runBlocks(storedBaseline == null ? base : null, cand, blocks, blocksDir);
        List<LoadedRun> baseline = stored != null ? stored : GateRunner.loadBlocks(blocksDir, "baseline");
        List<LoadedRun> candidate = GateRunner.loadBlocks(blocksDir, "candidate");
        String baselineLabel = (storedBaseline != null
                        ? storedBaseline.toString()
                        : buildLabel != null
                                ? buildLabel
                                : baselineSet.isEmpty() ? "scenario as written" : String.join(" ", baselineSet))
                + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")");
        io.lockbench.harness.results.BuildInfo build = io.lockbench.harness.results.BuildInfo.current();
        String candidateLabel = (candidateSet.isEmpty() ? "current code" : String.join(" ", candidateSet))
                + (buildLabel != null
                        ? " ("
                                + build.commit()
                                        .substring(
                                                0, Math.min(12, build.commit().length()))
                                + (build.dirty() ? ", uncommitted changes" : "") + ")"
                        : "");
        GateResult result = GateRunner.compare(
                baseScenario,
                baselineLabel,
                baseline,
                candidateLabel,
                candidate,
                tolerance,
                confidence,
                (System.nanoTime() - started) / 1e9);
        Files.createDirectories(out);
        String md = GateReport.markdown(result);
        Files.writeString(out.resolve("gate.md"), md);
        Files.writeString(out.resolve("gate-junit.xml"), GateReport.junitXml(result));
        Files.writeString(out.resolve("gate-bencher.json"), GateReport.bencherJson(result));
        spec.commandLine().getOut().print(md);
        return result.verdict().exitCode();
    }

    private List<String> with(List<String> overrides) {
        List<String> all = new ArrayList<>(overrides);
        all.add("run.duration=" + blockDuration);
        return all;
    }
}
