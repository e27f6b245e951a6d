package io.lockbench.harness.gate;

import io.lockbench.harness.record.RecordSummary;
import io.lockbench.harness.record.Recorder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The gate for any application: baseline and candidate are two checkouts of the application's own
 * repository (a revision, and a copy of the working tree), each built once with the team's build
 * command; every block runs the team's command under {@link Recorder} in its side's checkout, in ABBA
 * order. Compared per block: the write-lock hold p99 and the total hold time, the lock wait p99 (with
 * waits), and the lines that reported a locked database.
 */
public final class CommandGate {

    /** Where the gate compares: the workload column of its reports. */
    static final String WORKLOAD = "command";

    /**
     * What every block runs and records.
     *
     * @param build run once in each checkout before its blocks, or null
     * @param waitsLibrary the lock-request logger, or null to gate holds and BUSY lines only
     */
    public record Settings(
            String command,
            List<Path> databases,
            String build,
            Pattern busyPattern,
            Duration interval,
            Path waitsLibrary) {

        List<String> metrics() {
            return waitsLibrary == null
                    ? List.of("hold", "hold_total", "busy_lines")
                    : List.of("hold", "hold_total", "lock_wait", "busy_lines");
        }
    }

    /** One block's figures: hold and wait p99 (ms), total hold (ms), BUSY lines. */
    record Block(double holdP99Ms, double holdTotalMs, double waitP99Ms, long busyLines) {
        double value(String metric) {
            return switch (metric) {
                case "hold" -> holdP99Ms;
                case "hold_total" -> holdTotalMs;
                case "lock_wait" -> waitP99Ms;
                case "busy_lines" -> busyLines;
                default -> throw new IllegalArgumentException(metric);
            };
        }
    }

    private final Settings settings;
    private final RevisionBuild repository;
    private final Path work;
    private final PrintWriter progress;
    private final List<Block> baseline = new ArrayList<>();
    private final List<Block> candidate = new ArrayList<>();

    public CommandGate(Settings settings, RevisionBuild repository, Path work, PrintWriter progress) {
        this.settings = settings;
        this.repository = repository;
        this.work = work;
        this.progress = progress;
    }

    /** Checks out both sides, builds them, and runs the gate's blocks into {@code dir}. */
    public GateResult gate(
            String commit,
            GateRunner.Plan plan,
            double tolerance,
            double alpha,
            Path dir,
            String baselineLabel,
            String candidateLabel,
            List<String> notes)
            throws IOException, InterruptedException {
        Path baselineTree = work.resolve("baseline");
        Path candidateTree = work.resolve("candidate");
        Files.createDirectories(dir);
        repository.checkout(commit, baselineTree);
        repository.copyWorkingTree(candidateTree, List.of(work, dir));
        if (settings.build() != null) {
            build(baselineTree, dir.resolve("build-baseline.log"));
            build(candidateTree, dir.resolve("build-candidate.log"));
        }
        List<String> metrics = settings.metrics();
        return GateRunner.sequentially(
                plan,
                tolerance,
                alpha,
                metrics.size(),
                (from, to) -> {
                    for (int i = from; i < to; i++) {
                        boolean baselineFirst = i % 2 == 0;
                        for (boolean base : baselineFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                            String id = String.format(Locale.ROOT, "%s-%02d", base ? "baseline" : "candidate", i + 1);
                            (base ? baseline : candidate).add(block(base ? baselineTree : candidateTree, dir, id));
                        }
                    }
                },
                (design, look, elapsed) -> {
                    List<GateDesign.Comparison> entries = new ArrayList<>();
                    for (String metric : metrics) {
                        double[] a = baseline.stream()
                                .mapToDouble(b -> b.value(metric))
                                .toArray();
                        double[] b = candidate.stream()
                                .mapToDouble(c -> c.value(metric))
                                .toArray();
                        double floor = metric.equals("busy_lines") ? 1 : P99Ratio.FLOOR_MS;
                        entries.add(design.decide(WORKLOAD, metric, P99Ratio.estimateValues(a, b, true, floor)));
                    }
                    return new GateResult(
                            settings.command(),
                            baselineLabel,
                            candidateLabel,
                            baseline.size(),
                            candidate.size(),
                            design,
                            look,
                            entries,
                            List.of(),
                            notes,
                            "",
                            elapsed);
                },
                progress);
    }

    private Block block(Path tree, Path dir, String id) throws IOException {
        Recorder recorder = new Recorder(new Recorder.Options(
                settings.databases(),
                dir.resolve(id),
                settings.busyPattern(),
                settings.interval(),
                List.of("sh", "-c", settings.command()),
                settings.waitsLibrary(),
                null,
                tree,
                dir.resolve(id + ".log")));
        RecordSummary summary = recorder.record();
        if (summary.exitCode() != 0) {
            throw new GateException("block " + id + ": the command exited with " + summary.exitCode() + "; see "
                    + dir.resolve(id + ".log"));
        }
        double holdTotal = summary.databases().stream()
                .mapToDouble(RecordSummary.DatabaseRecord::holdTotalMs)
                .sum();
        if (progress != null) {
            progress.printf(
                    Locale.ROOT,
                    "block %s: %d holds, p99 %.2f ms, %.1f ms held in all, %d BUSY lines%n",
                    id,
                    recorder.holds().getTotalCount(),
                    p99Ms(recorder.holds()),
                    holdTotal,
                    summary.busyLines());
            progress.flush();
        }
        return new Block(p99Ms(recorder.holds()), holdTotal, p99Ms(recorder.waits()), summary.busyLines());
    }

    private static double p99Ms(Histogram h) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99) / 1e6;
    }

    private void build(Path tree, Path log) throws IOException, InterruptedException {
        if (progress != null) {
            progress.println("building " + tree + ": " + settings.build());
            progress.flush();
        }
        Process p = new ProcessBuilder("sh", "-c", settings.build())
                .directory(tree.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new GateException("--build did not finish in 30 minutes in " + tree + "; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new GateException("--build failed in " + tree + " (exit " + p.exitValue() + "); see " + log);
        }
    }
}
