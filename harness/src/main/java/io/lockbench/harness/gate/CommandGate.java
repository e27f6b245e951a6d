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
 * order. Compared per block, from the lock events inside every process: the hold p99 of write
 * transactions, the total hold time, the lock wait p99 and the BUSY that SQLite returned; without the
 * lock-event library, holds sampled from the lock table and the lines that reported a locked database.
 * A block that measured nothing (no write-lock hold where the database changed, or none at all) is run
 * again once, then refused: it is never a measurement of zero.
 */
public final class CommandGate {

    /** Where the gate compares: the workload column of its reports. */
    static final String WORKLOAD = "command";

    /**
     * What every block runs and records.
     *
     * @param build run once in each checkout before its blocks, or null
     * @param eventsLibrary the lock-event library, or null to gate sampled holds and BUSY lines only
     */
    public record Settings(
            String command,
            List<Path> databases,
            String build,
            Pattern busyPattern,
            Duration interval,
            Path eventsLibrary) {

        List<String> metrics() {
            return eventsLibrary == null
                    ? List.of("hold", "hold_total", "busy_lines")
                    : List.of("hold", "hold_total", "lock_wait", "busy");
        }
    }

    /** One block's figures: hold and wait p99 (ms), total hold (ms), BUSY returned by SQLite, BUSY lines. */
    record Block(double holdP99Ms, double holdTotalMs, double waitP99Ms, long busy, long busyLines) {
        double value(String metric) {
            return switch (metric) {
                case "hold" -> holdP99Ms;
                case "hold_total" -> holdTotalMs;
                case "lock_wait" -> waitP99Ms;
                case "busy" -> busy;
                case "busy_lines" -> busyLines;
                default -> throw new IllegalArgumentException(metric);
            };
        }
    }

    /** Runs of a block that measured nothing before it is refused. */
    static final int ATTEMPTS = 2;

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
                        double floor = metric.startsWith("busy") ? 1 : P99Ratio.FLOOR_MS;
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
        for (int attempt = 1; ; attempt++) {
            Recorder recorder = new Recorder(new Recorder.Options(
                    settings.databases(),
                    dir.resolve(id),
                    settings.busyPattern(),
                    settings.interval(),
                    List.of("sh", "-c", settings.command()),
                    settings.eventsLibrary(),
                    null,
                    tree,
                    dir.resolve(id + ".log")));
            RecordSummary summary = recorder.record();
            if (summary.exitCode() != 0) {
                throw new GateException("block " + id + ": the command exited with " + summary.exitCode() + "; see "
                        + dir.resolve(id + ".log"));
            }
            String nothing = nothingMeasured(summary);
            if (nothing != null) {
                if (attempt < ATTEMPTS) {
                    if (progress != null) {
                        progress.println("block " + id + " measured nothing (" + nothing + "); running it again");
                        progress.flush();
                    }
                    continue;
                }
                throw new GateException("block " + id + " measured nothing twice: " + nothing
                        + "; a block without a write-lock hold is no measurement of zero (check --db: the path the"
                        + " command writes, relative to the checkout)");
            }
            double holdTotal = summary.databases().stream()
                    .mapToDouble(RecordSummary.DatabaseRecord::holdTotalMs)
                    .sum();
            long busy = summary.databases().stream()
                    .flatMap(d -> d.busyByCode().values().stream())
                    .mapToLong(Long::longValue)
                    .sum();
            if (progress != null) {
                progress.printf(
                        Locale.ROOT,
                        "block %s: %d %s, p99 %.2f ms, %.1f ms held in all, %d BUSY returned, %d BUSY lines%n",
                        id,
                        recorder.holds().getTotalCount(),
                        settings.eventsLibrary() != null ? "write transactions" : "holds seen",
                        p99Ms(recorder.holds()),
                        holdTotal,
                        busy,
                        summary.busyLines());
                progress.flush();
            }
            return new Block(p99Ms(recorder.holds()), holdTotal, p99Ms(recorder.waits()), busy, summary.busyLines());
        }
    }

    /** Why a block measured nothing, or null when it measured something. */
    private static String nothingMeasured(RecordSummary summary) {
        if (!summary.unmeasured().isEmpty()) {
            RecordSummary.DatabaseRecord db = summary.unmeasured().get(0);
            return db.database() + ": " + db.problem();
        }
        if (summary.databases().stream().allMatch(d -> d.holds() == 0)) {
            return "no process took the write lock of "
                    + summary.databases().stream()
                            .map(RecordSummary.DatabaseRecord::database)
                            .toList();
        }
        return null;
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
