package io.lockbench.harness.gate;

import io.lockbench.harness.record.LockFigures;
import io.lockbench.harness.record.RecordSummary;
import io.lockbench.harness.record.Recorder;
import io.lockbench.harness.scenario.Durations;
import io.lockbench.store.lock.Pause;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

        /** The count tier, where the lock events count what each transaction did. */
        List<CountTier.Metric> counts() {
            return eventsLibrary == null ? List.of() : CountTier.METRICS;
        }
    }

    /**
     * One block's figures: hold and wait p99 (ms), total hold (ms), BUSY returned by SQLite, BUSY lines;
     * with lock events its counts (write transactions, and per transaction statements, syncs, write calls
     * and bytes) and how many transactions began with each statement shape.
     */
    record Block(
            double holdP99Ms,
            double holdTotalMs,
            double waitP99Ms,
            long busy,
            long busyLines,
            Map<String, Double> counts,
            Map<String, Long> beganWith) {
        double value(String metric) {
            return switch (metric) {
                case "hold" -> holdP99Ms;
                case "hold_total" -> holdTotalMs;
                case "lock_wait" -> waitP99Ms;
                case "busy" -> busy;
                case "busy_lines" -> busyLines;
                default -> counts.getOrDefault(metric, 0.0);
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
        Duration max = plan.maxDuration();
        Duration grace = max.dividedBy(5).compareTo(MIN_GRACE) > 0 ? max.dividedBy(5) : MIN_GRACE;
        blockDeadline = System.nanoTime() + max.plus(grace).toNanos();
        limitText = Durations.format(max) + " and a grace of " + Durations.format(grace);
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
                    for (CountTier.Metric count : settings.counts()) {
                        double[] a = baseline.stream()
                                .mapToDouble(b -> b.value(count.name()))
                                .toArray();
                        double[] b = candidate.stream()
                                .mapToDouble(c -> c.value(count.name()))
                                .toArray();
                        entries.add(CountTier.decide(WORKLOAD, count, a, b, tolerance, statementMix(count)));
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

    /**
     * For a change in how many transactions there are or what they run: the statement that began the
     * most transactions more (or fewer) in the candidate's median block than in the baseline's.
     */
    private String statementMix(CountTier.Metric count) {
        if (!count.equals(CountTier.TRANSACTIONS) && !count.equals(CountTier.STATEMENTS)) {
            return "";
        }
        Map<String, Double> base = medianMix(baseline);
        Map<String, Double> cand = medianMix(candidate);
        String shape = null;
        double largest = 0;
        for (String s : union(base.keySet(), cand.keySet())) {
            double change = cand.getOrDefault(s, 0.0) - base.getOrDefault(s, 0.0);
            if (Math.abs(change) > Math.abs(largest)) {
                largest = change;
                shape = s;
            }
        }
        return shape == null || Math.abs(largest) < 1
                ? ""
                : String.format(
                        Locale.ROOT,
                        "transactions beginning with `%s`: %s → %s a block",
                        shape,
                        CountTier.format(base.getOrDefault(shape, 0.0)),
                        CountTier.format(cand.getOrDefault(shape, 0.0)));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** Per statement shape, how many transactions it began in the median block of {@code blocks}. */
    private static Map<String, Double> medianMix(List<Block> blocks) {
        Set<String> shapes = new TreeSet<>();
        blocks.forEach(b -> shapes.addAll(b.beganWith().keySet()));
        Map<String, Double> medians = new TreeMap<>();
        for (String shape : shapes) {
            double[] counts = blocks.stream()
                    .mapToDouble(b -> b.beganWith().getOrDefault(shape, 0L))
                    .toArray();
            medians.put(shape, P99Ratio.median(counts));
        }
        return medians;
    }

    /** The least time a block may run past --max-duration before it is ended. */
    private static final Duration MIN_GRACE = Duration.ofSeconds(10);

    /** When a block still running is ended: the gate's --max-duration and a grace, from the gate's start. */
    private long blockDeadline = Long.MAX_VALUE;

    private String limitText = "";

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
            AtomicBoolean overdue = new AtomicBoolean();
            // A command that never ends would hold the gate past any limit: it is ended (SIGTERM, then SIGKILL)
            // once the gate has used its --max-duration and a grace, and the gate fails saying so.
            Thread watchdog = new Thread(
                    () -> {
                        if (Pause.sleep(blockDeadline - System.nanoTime())) {
                            overdue.set(true);
                            recorder.interrupt();
                        }
                    },
                    "lockbench-block-limit");
            watchdog.setDaemon(true);
            watchdog.start();
            RecordSummary summary;
            try {
                summary = recorder.record();
            } finally {
                watchdog.interrupt();
            }
            if (overdue.get()) {
                throw new GateException("block " + id + ": the command was still running after --max-duration "
                        + limitText + " and was ended; a gated command must end on its own (see "
                        + dir.resolve(id + ".log") + ")");
            }
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
            return new Block(
                    p99Ms(recorder.holds()),
                    holdTotal,
                    p99Ms(recorder.waits()),
                    busy,
                    summary.busyLines(),
                    counts(summary),
                    beganWith(summary));
        }
    }

    /** A block's counts, over all its databases: transactions, and per transaction the rest. */
    private static Map<String, Double> counts(RecordSummary summary) {
        double transactions = 0;
        double statements = 0;
        double syncs = 0;
        double writes = 0;
        double bytes = 0;
        double cpuMs = 0;
        for (RecordSummary.DatabaseRecord db : summary.databases()) {
            LockFigures f = db.exact();
            if (f == null) {
                continue;
            }
            long n = f.transactions();
            LockFigures.PerTransaction per = f.perTransaction();
            transactions += n;
            statements += per.statements() * n;
            syncs += per.syncs() * n;
            writes += per.writes() * n;
            bytes += (per.dbBytes() + per.walBytes() + per.journalBytes()) * n;
            cpuMs += per.cpuMs() * n;
        }
        double n = Math.max(1, transactions);
        Map<String, Double> counts = new LinkedHashMap<>();
        counts.put(CountTier.TRANSACTIONS.name(), transactions);
        counts.put(CountTier.STATEMENTS.name(), statements / n);
        counts.put(CountTier.SYNCS.name(), syncs / n);
        counts.put(CountTier.WRITES.name(), writes / n);
        counts.put(CountTier.BYTES.name(), bytes / n);
        counts.put(CountTier.CPU.name(), cpuMs / n);
        return counts;
    }

    private static Map<String, Long> beganWith(RecordSummary summary) {
        Map<String, Long> shapes = new TreeMap<>();
        for (RecordSummary.DatabaseRecord db : summary.databases()) {
            if (db.exact() != null) {
                for (LockFigures.StatementFigures s : db.exact().statements()) {
                    shapes.merge(
                            s.statement() == null ? "(no statement seen)" : s.statement(), s.transactions(), Long::sum);
                }
            }
        }
        return shapes;
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
