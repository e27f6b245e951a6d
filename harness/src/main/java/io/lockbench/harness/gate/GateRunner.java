package io.lockbench.harness.gate;

import io.lockbench.harness.report.LoadedRun;
import io.lockbench.harness.report.RunLoader;
import io.lockbench.harness.run.LockbenchJvm;
import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.scenario.ScenarioLoader;
import io.lockbench.harness.scenario.WorkloadSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Runs gate blocks: each block is a short {@code lockbench run} of the scenario in a fresh JVM (so
 * JIT state, caches and heap do not carry over), baseline and candidate alternating in ABBA order so
 * a machine that drifts during the gate drifts on both sides alike.
 */
public final class GateRunner {

    /** Metrics the gate compares, as tagged in latency.hlog. */
    public static final List<String> METRICS = List.of("latency", "wait");

    private final Path scenarioFile;
    private final Path workDir;
    private final PrintWriter progress;
    private List<String> baselineLauncher = LockbenchJvm.command();

    public GateRunner(Path scenarioFile, Path workDir, PrintWriter progress) {
        this.scenarioFile = scenarioFile;
        this.workDir = workDir;
        this.progress = progress;
    }

    /**
     * Runs the baseline blocks with another lockbench build: {@code java <this JVM's options> -jar jar}.
     * The candidate is always the build running the gate.
     */
    public GateRunner withBaselineJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new GateException("baseline jar " + jar + " does not exist");
        }
        this.baselineLauncher = LockbenchJvm.jarCommand(jar);
        return this;
    }

    /** Checks both configurations before any block runs. */
    public Scenario validate(List<String> overrides) {
        return ScenarioLoader.load(scenarioFile, overrides);
    }

    /** Runs {@code blocks} blocks of each configuration into {@code dir}; a null configuration is skipped. */
    public void runBlocks(List<String> baseline, List<String> candidate, int blocks, Path dir)
            throws IOException, InterruptedException {
        int total = (baseline != null ? blocks : 0) + (candidate != null ? blocks : 0);
        int done = 0;
        long started = System.nanoTime();
        for (int i = 0; i < blocks; i++) {
            // ABBA: baseline first in even rounds, candidate first in odd ones.
            List<String> order = i % 2 == 0 ? List.of("baseline", "candidate") : List.of("candidate", "baseline");
            for (String side : order) {
                List<String> overrides = side.equals("baseline") ? baseline : candidate;
                if (overrides == null) {
                    continue;
                }
                runBlock(
                        side.equals("baseline") ? baselineLauncher : LockbenchJvm.command(),
                        overrides,
                        dir,
                        String.format(Locale.ROOT, "%s-%02d", side, i + 1));
                done++;
                if (progress != null) {
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    progress.printf(
                            Locale.ROOT,
                            "block %d/%d (%s %d) done; about %.0f s remaining%n",
                            done,
                            total,
                            side,
                            i + 1,
                            elapsed / done * (total - done));
                }
            }
        }
    }

    private void runBlock(List<String> launcher, List<String> overrides, Path dir, String id)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(
                "run",
                scenarioFile.toString(),
                "--results",
                dir.toString(),
                "--run-id",
                id,
                "--work",
                workDir.toString(),
                "--quiet"));
        for (String o : overrides) {
            command.add("--set");
            command.add(o);
        }
        Files.createDirectories(dir);
        Path log = dir.resolve(id + ".log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new GateException("block " + id + " did not finish in 30 minutes; see " + log);
        }
        if (p.exitValue() > 1 || !Files.exists(dir.resolve(id).resolve("run.json"))) {
            throw new GateException("block " + id + " failed (exit " + p.exitValue() + "): " + lastLine(log));
        }
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
    }

    /** The blocks of one side stored in {@code dir} (directories named {@code <side>-NN}), oldest first. */
    public static List<LoadedRun> loadBlocks(Path dir, String side) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new GateException(dir + " is not a directory of gate blocks");
        }
        List<LoadedRun> runs = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.filter(p ->
                            Files.isDirectory(p) && p.getFileName().toString().startsWith(side + "-"))
                    .sorted()
                    .toList()) {
                runs.add(RunLoader.load(p));
            }
        }
        return runs;
    }

    /**
     * Stored baseline blocks, refused unless they can stand for {@code candidate} measured now: the
     * directory must hold blocks, all with one fingerprint, of the same scenario file and resolved
     * configuration; from this machine and JVM unless {@code allowOtherMachine}.
     *
     * @return the blocks, and in {@code notes} what the report must say about them
     */
    public static List<LoadedRun> loadBaseline(
            Path dir, Scenario candidate, boolean allowOtherMachine, List<String> notes) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new GateException(
                    "baseline directory " + dir + " does not exist; record one with --record-baseline " + dir);
        }
        List<LoadedRun> blocks = loadBlocks(dir, "baseline");
        if (blocks.isEmpty()) {
            throw new GateException("baseline directory " + dir
                    + " holds no baseline blocks (baseline-NN); record them with" + " --record-baseline " + dir);
        }
        BlockFingerprint first = BlockFingerprint.of(blocks.get(0));
        for (LoadedRun block : blocks.subList(1, blocks.size())) {
            String difference = BlockFingerprint.of(block).difference(first);
            if (difference != null) {
                throw new GateException("baseline blocks in " + dir + " were not measured alike: " + block.id()
                        + " against " + blocks.get(0).id() + ": " + difference + "; record the baseline again");
            }
        }
        BlockFingerprint now = BlockFingerprint.expected(candidate);
        String measurement = first.differenceInMeasurement(now);
        if (measurement != null) {
            throw new GateException("baseline " + dir + " does not match this gate: " + measurement);
        }
        if (!first.machine().equals(now.machine())) {
            if (!allowOtherMachine) {
                throw new GateException("baseline " + dir + " was recorded on another machine (" + first.machine()
                        + "; this one: " + now.machine()
                        + "); record it on this runner, or pass --allow-other-machine to compare anyway");
            }
            notes.add("baseline recorded on another machine (" + first.machine()
                    + "), compared anyway (--allow-other-machine)");
        }
        return blocks;
    }

    public static GateResult compare(
            Scenario scenario,
            String baselineLabel,
            List<LoadedRun> baseline,
            String candidateLabel,
            List<LoadedRun> candidate,
            double tolerance,
            double confidence,
            double seconds) {
        List<GateResult.Entry> entries = new ArrayList<>();
        List<GateResult.Entry> control = new ArrayList<>();
        long seed = 1124;
        for (WorkloadSpec w : scenario.workloads()) {
            for (String metric : METRICS) {
                String tag = w.name() + "." + metric;
                List<Histogram> a = blocks(baseline, tag);
                List<Histogram> b = blocks(candidate, tag);
                entries.add(new GateResult.Entry(
                        w.name(), metric, P99RatioBootstrap.compare(a, b, tolerance, confidence, 2000, seed++)));
                // A/A: the baseline against itself, each side resampled independently: how wide the
                // interval is when nothing changed.
                control.add(new GateResult.Entry(
                        w.name(), metric, P99RatioBootstrap.compare(a, a, tolerance, confidence, 2000, seed++)));
            }
        }
        return new GateResult(
                scenario.name(),
                baselineLabel,
                candidateLabel,
                baseline.size(),
                candidate.size(),
                tolerance,
                confidence,
                entries,
                control,
                seconds);
    }

    /** The non-empty histograms of {@code tag}, one per block. */
    static List<Histogram> blocks(List<LoadedRun> runs, String tag) {
        List<Histogram> blocks = new ArrayList<>();
        for (LoadedRun r : runs) {
            Histogram h = r.histograms().get(tag);
            if (h != null && h.getTotalCount() > 0) {
                blocks.add(h);
            }
        }
        return blocks;
    }
}
