package io.lockbench.harness.gate;

import io.lockbench.harness.report.LoadedRun;
import io.lockbench.harness.report.RunLoader;
import io.lockbench.harness.results.RunFile;
import io.lockbench.harness.results.RunResult;
import io.lockbench.harness.run.EventThreads;
import io.lockbench.harness.run.LockbenchJvm;
import io.lockbench.harness.run.ScratchDirectories;
import io.lockbench.harness.scenario.Durations;
import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.scenario.ScenarioLoader;
import io.lockbench.harness.scenario.WorkloadSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Runs gate blocks: each block is a short {@code lockbench run} of the scenario in a fresh JVM (so JIT
 * state, caches and heap do not carry over), baseline and candidate alternating in ABBA order so a
 * machine that drifts during the gate drifts on both sides alike. A sequential gate looks at its blocks
 * after {@link Plan#minBlocks()} rounds, then each time the rounds have doubled, and stops as soon as
 * the verdict is decided or the next look would end after {@link Plan#maxDuration()}.
 */
public final class GateRunner {

    static final String CAPABILITIES = "io/lockbench/harness/run-capabilities.properties";

    /**
     * How many blocks a gate runs.
     *
     * @param fixedBlocks  blocks a side, looked at once; 0 for a sequential gate
     * @param minBlocks    blocks a side before a sequential gate's first look
     * @param maxDuration  a sequential gate starts no look that it expects to end after this
     */
    public record Plan(int fixedBlocks, int minBlocks, Duration maxDuration) {
        public boolean sequential() {
            return fixedBlocks == 0;
        }

        int firstLook() {
            return sequential() ? minBlocks : fixedBlocks;
        }
    }

    /** What the blocks of both sides are run with: a minimum operation count per workload, if both builds know it. */
    public record BlockSettings(Duration blockDuration, int minOperations, Duration maxBlockDuration) {
        public List<String> overrides(boolean withMinimum) {
            List<String> o = new ArrayList<>(List.of("run.duration=" + Durations.format(blockDuration)));
            if (withMinimum && minOperations > 0) {
                o.add("run.min_operations=" + minOperations);
                o.add("run.max_duration=" + Durations.format(maxBlockDuration));
            }
            return o;
        }
    }

    private final Path scenarioFile;
    private final Path workDir;
    private final PrintWriter progress;
    private List<String> baselineLauncher = LockbenchJvm.command();
    private boolean baselineKnowsMinOperations = true;
    /** The lock-event library the blocks run under for the count tier, or null for no count tier. */
    private Path eventsLibrary;

    public GateRunner(Path scenarioFile, Path workDir, PrintWriter progress) {
        this.scenarioFile = scenarioFile;
        this.workDir = workDir;
        this.progress = progress;
    }

    /**
     * Runs the baseline blocks with another lockbench build: {@code java <this JVM's options> -jar jar}.
     * The candidate is always the build running the gate.
     */
    public GateRunner withBaselineJar(Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new GateException("baseline jar " + jar + " does not exist");
        }
        this.baselineLauncher = LockbenchJvm.jarCommand(jar);
        this.baselineKnowsMinOperations = knowsMinOperations(jar);
        return this;
    }

    /**
     * Runs every block under the lock-event library at {@code library}, so each block also counts what its
     * workloads' write transactions did ({@link WorkloadCounts}) for the count tier.
     */
    public GateRunner withCounts(Path library) {
        this.eventsLibrary = library;
        return this;
    }

    /** Whether both builds can run blocks until every workload has enough operations. */
    public boolean blocksWaitForOperations() {
        return baselineKnowsMinOperations;
    }

    /** Whether the lockbench in {@code jar} accepts {@code run.min_operations}. */
    static boolean knowsMinOperations(Path jar) throws IOException {
        Properties capabilities = RevisionBuild.jarProperties(jar, CAPABILITIES);
        return capabilities != null && Boolean.parseBoolean(capabilities.getProperty("run.min_operations"));
    }

    /** Checks a configuration before any block runs. */
    public Scenario validate(List<String> overrides) {
        return ScenarioLoader.load(scenarioFile, overrides);
    }

    /**
     * Runs rounds {@code from} (0-based) up to {@code to} (exclusive) of the gate into {@code dir}: one
     * block of each configuration per round, a null configuration skipped.
     *
     * @return the machine load of every block run
     */
    public List<BlockLoad> runRounds(List<String> baseline, List<String> candidate, int from, int to, Path dir)
            throws IOException, InterruptedException {
        List<BlockLoad> loads = new ArrayList<>();
        long started = System.nanoTime();
        int total = (to - from) * ((baseline != null ? 1 : 0) + (candidate != null ? 1 : 0));
        for (int i = from; i < to; i++) {
            // ABBA: baseline first in even rounds, candidate first in odd ones.
            List<String> order = i % 2 == 0 ? List.of("baseline", "candidate") : List.of("candidate", "baseline");
            for (String side : order) {
                List<String> overrides = side.equals("baseline") ? baseline : candidate;
                if (overrides == null) {
                    continue;
                }
                loads.add(runBlock(
                        side.equals("baseline") ? baselineLauncher : LockbenchJvm.command(),
                        overrides,
                        dir,
                        String.format(Locale.ROOT, "%s-%02d", side, i + 1)));
                if (progress != null) {
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    progress.printf(
                            Locale.ROOT,
                            "block %s %d done; %d of %d blocks to this look, about %.0f s to go%n",
                            side,
                            i + 1,
                            loads.size(),
                            total,
                            elapsed / loads.size() * (total - loads.size()));
                    progress.flush();
                }
            }
        }
        return loads;
    }

    /** How many comparisons a gate of {@code scenario} makes: one per workload and gated metric. */
    public static int comparisons(Scenario scenario) {
        return scenario.workloads().stream().mapToInt(w -> w.gate().size()).sum();
    }

    /**
     * Runs a whole gate into {@code dir}: rounds of both sides ({@code baseline} null when the baseline
     * is {@code stored}), looked at as {@code plan} says, until the verdict is decided or there is no
     * time for another look. {@code scenario} says what is compared; the blocks run this runner's file.
     *
     * <p>A sequential gate looks after {@code minBlocks} rounds and then each time the rounds have
     * doubled. How many looks fit in {@code maxDuration} is planned from the time the first rounds
     * took, before any verdict is read, and fixes the share of alpha each look spends.
     */
    public GateResult gate(
            Scenario scenario,
            List<String> baseline,
            List<LoadedRun> stored,
            List<String> candidate,
            Plan plan,
            double tolerance,
            double alpha,
            Path dir,
            String baselineLabel,
            String candidateLabel,
            List<String> notes)
            throws IOException, InterruptedException {
        int comparisons = comparisons(scenario);
        if (comparisons == 0) {
            throw new GateException("no workload of " + scenario.name() + " is gated: every one has gate: []");
        }
        List<BlockLoad> loads = new ArrayList<>(loads(stored == null ? List.of() : stored));
        return sequentially(
                plan,
                tolerance,
                alpha,
                comparisons,
                (from, to) -> loads.addAll(runRounds(baseline, candidate, from, to, dir)),
                (design, look, elapsed) -> compare(
                        scenario,
                        baselineLabel,
                        stored != null ? stored : loadBlocks(dir, "baseline"),
                        candidateLabel,
                        loadBlocks(dir, "candidate"),
                        design,
                        look,
                        stored == null,
                        loads,
                        notes,
                        "",
                        elapsed),
                progress);
    }

    /** Runs rounds {@code from} (0-based) up to {@code to} (exclusive) of both sides. */
    @FunctionalInterface
    public interface Rounds {
        void run(int from, int to) throws IOException, InterruptedException;
    }

    /** Every comparison over the blocks run so far, at look {@code look} of {@code design}. */
    @FunctionalInterface
    public interface Look {
        GateResult at(GateDesign design, int look, double elapsedSeconds) throws IOException;
    }

    /**
     * The gate's schedule, whatever its blocks run: the first rounds, then looks at the blocks, each
     * after the rounds have doubled, until the verdict is decided, the plan's looks are spent, or the
     * next look would end after the plan's time. How many looks fit is planned from the time the first
     * rounds took, before any verdict is read, and fixes the share of alpha each look spends.
     */
    public static GateResult sequentially(
            Plan plan, double tolerance, double alpha, int comparisons, Rounds rounds, Look look, PrintWriter progress)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        int done = plan.firstLook();
        rounds.run(0, done);
        double perRound = seconds(started) / done;
        int looks = plan.sequential() ? plannedLooks(plan, perRound) : 1;
        GateDesign design = new GateDesign(tolerance, alpha, comparisons, looks);
        for (int at = 1; ; at++) {
            double elapsed = seconds(started);
            perRound = elapsed / done;
            GateResult now = look.at(design, at, elapsed);
            int next = 2 * done;
            String stop = null;
            if (!plan.sequential()) {
                stop = "a fixed " + done + " blocks a side (--blocks)";
            } else if (now.decided()) {
                stop = "decided at look " + at + " of " + looks + " (" + done + " blocks a side)";
            } else if (at == looks) {
                stop = looks == 1
                        ? "undecided at the only look that fit in --max-duration "
                                + Durations.format(plan.maxDuration())
                        : String.format(
                                Locale.ROOT,
                                "undecided after the last of the %d looks that fit in --max-duration %s",
                                looks,
                                Durations.format(plan.maxDuration()));
            } else if (elapsed + (next - done) * perRound > plan.maxDuration().toSeconds()) {
                stop = String.format(
                        Locale.ROOT,
                        "undecided at look %d of %d: the next look (%d blocks a side) would have ended after --max-duration"
                                + " %s, at about %.0f s",
                        at,
                        looks,
                        next,
                        Durations.format(plan.maxDuration()),
                        elapsed + (next - done) * perRound);
            }
            if (stop != null) {
                return now.stopped(stop);
            }
            if (progress != null) {
                progress.printf(
                        Locale.ROOT,
                        "look %d of %d at %d blocks a side: %d of %d comparisons undecided; running to %d blocks a side%n",
                        at,
                        looks,
                        done,
                        now.entries().stream()
                                .filter(e -> e.verdict() == Verdict.INCONCLUSIVE)
                                .count(),
                        now.entries().size(),
                        next);
                progress.flush();
            }
            rounds.run(done, next);
            done = next;
        }
    }

    /** Looks at minBlocks, 2 minBlocks, 4 minBlocks, ... rounds that fit in the plan's time at {@code perRound} seconds a round. */
    static int plannedLooks(Plan plan, double perRound) {
        int looks = 1;
        for (long rounds = 2L * plan.minBlocks();
                looks < MAX_LOOKS && rounds * perRound <= plan.maxDuration().toSeconds();
                rounds *= 2) {
            looks++;
        }
        return looks;
    }

    /** More looks than this would spend alpha so thinly that late looks could hardly decide anything. */
    static final int MAX_LOOKS = 6;

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private BlockLoad runBlock(List<String> launcher, List<String> overrides, Path dir, String id)
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
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Path events = workDir.resolve(id + "-events");
        if (eventsLibrary != null) {
            ScratchDirectories.delete(events);
            Files.createDirectories(events);
            Files.createDirectories(workDir);
            Map<String, String> env = builder.environment();
            String preload = env.get("LD_PRELOAD");
            env.put("LD_PRELOAD", eventsLibrary + (preload == null || preload.isBlank() ? "" : " " + preload));
            env.put(EventThreads.EVENTS_DIR_ENV, events.toAbsolutePath().toString());
            // The path the run's database has (ScenarioRunner: WORK/RUN-ID/lockbench.db), as the library
            // sees it through /proc/self/fd: with every link resolved.
            env.put(
                    "LOCKBENCH_EVENTS_FILES",
                    workDir.toRealPath().resolve(id).resolve("lockbench.db").toString());
        }
        BlockLoad.Sample before = BlockLoad.Sample.now();
        Process p = builder.start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new GateException("block " + id + " did not finish in 30 minutes; see " + log);
        }
        BlockLoad load = BlockLoad.Sample.now().since(before, id);
        if (p.exitValue() > 1 || !Files.exists(dir.resolve(id).resolve("run.json"))) {
            throw new GateException("block " + id + " failed (exit " + p.exitValue() + "): " + lastLine(log));
        }
        // A workload that measured nothing in a block makes the block no measurement: a gate on it could say
        // PASS for a workload that never ran.
        for (RunResult.WorkloadSummary w :
                RunFile.read(dir.resolve(id).resolve("run.json")).workloads()) {
            if (w.attempted() == 0) {
                throw new GateException(
                        "block " + id + ": workload " + w.name() + " measured no operation; see " + log);
            }
        }
        if (eventsLibrary != null) {
            WorkloadCounts counts = WorkloadCounts.measure(events);
            if (counts != null) {
                counts.write(dir.resolve(id));
            }
            ScratchDirectories.delete(events);
        }
        load.write(dir.resolve(id));
        return load;
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

    /** The machine load recorded with each block, where it was. */
    public static List<BlockLoad> loads(List<LoadedRun> blocks) {
        List<BlockLoad> loads = new ArrayList<>();
        for (LoadedRun block : blocks) {
            BlockLoad load = BlockLoad.read(block.dir());
            if (load != null) {
                loads.add(load);
            }
        }
        return loads;
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

    /**
     * Every workload and metric of {@code scenario}, baseline against candidate, at look {@code look} of
     * {@code design}. With {@code paired}, round i's baseline and candidate blocks are resampled together.
     */
    public static GateResult compare(
            Scenario scenario,
            String baselineLabel,
            List<LoadedRun> baseline,
            String candidateLabel,
            List<LoadedRun> candidate,
            GateDesign design,
            int look,
            boolean paired,
            List<BlockLoad> loads,
            List<String> notes,
            String stop,
            double seconds) {
        List<GateDesign.Comparison> entries = new ArrayList<>();
        for (WorkloadSpec w : scenario.workloads()) {
            for (String metric : w.gate()) {
                String tag = w.name() + "." + metric;
                List<Histogram> a = new ArrayList<>();
                List<Histogram> b = new ArrayList<>();
                if (paired && baseline.size() == candidate.size()) {
                    // A round counts only when both of its blocks measured the metric.
                    for (int i = 0; i < baseline.size(); i++) {
                        Histogram x = measured(baseline.get(i), tag);
                        Histogram y = measured(candidate.get(i), tag);
                        if (x != null && y != null) {
                            a.add(x);
                            b.add(y);
                        }
                    }
                } else {
                    a = blocks(baseline, tag);
                    b = blocks(candidate, tag);
                }
                entries.add(design.decide(w.name(), metric, P99Ratio.estimate(a, b, paired)));
            }
        }
        List<String> allNotes = new ArrayList<>(notes);
        entries.addAll(countRows(scenario, baseline, candidate, design.tolerance(), allNotes));
        return new GateResult(
                scenario.name(),
                baselineLabel,
                candidateLabel,
                baseline.size(),
                candidate.size(),
                design,
                look,
                entries,
                loads,
                allNotes,
                stop,
                seconds);
    }

    /**
     * The count tier's rows: per gated workload, its write transactions per operation and what each did
     * (syncs, write calls, bytes, CPU time under the lock), when every block of both sides counted them; else
     * none, and a note says why.
     */
    static List<GateDesign.Comparison> countRows(
            Scenario scenario,
            List<LoadedRun> baseline,
            List<LoadedRun> candidate,
            double tolerance,
            List<String> notes) {
        List<WorkloadCounts> a = counts(baseline);
        List<WorkloadCounts> b = counts(candidate);
        long counted = a.stream().filter(c -> c != null).count()
                + b.stream().filter(c -> c != null).count();
        if (counted == 0) {
            return List.of();
        }
        if (counted < a.size() + b.size()) {
            notes.add("count tier: " + counted + " of " + (a.size() + b.size()) + " blocks counted their workloads'"
                    + " transactions (a lockbench build older than the count tier, or blocks run with --no-events,"
                    + " count none); the time tier decided alone");
            return List.of();
        }
        boolean anyTransaction = Stream.concat(a.stream(), b.stream())
                .flatMap(c -> c.workloads().values().stream())
                .anyMatch(w -> w.transactions() > 0);
        if (!anyTransaction) {
            // Not a measurement of zero: the library saw no write lock on the run's database at all.
            notes.add("count tier: no block saw a write transaction of any workload (the lock-event library"
                    + " logged no write lock on the run's database); the time tier decided alone");
            return List.of();
        }
        List<GateDesign.Comparison> rows = new ArrayList<>();
        for (WorkloadSpec w : scenario.workloads()) {
            if (w.gate().isEmpty()) {
                continue;
            }
            List<WorkloadCounts.Workload> x = workload(a, w.name());
            List<WorkloadCounts.Workload> y = workload(b, w.name());
            // A reader whose blocks commit nothing (or one stray transaction: a WAL index rebuilt by its
            // first read) has no counts worth a row.
            if (medianTransactions(x) == 0 && medianTransactions(y) == 0) {
                continue;
            }
            for (CountTier.Metric metric : WorkloadCounts.METRICS) {
                rows.add(CountTier.decide(
                        w.name(),
                        metric,
                        x.stream().mapToDouble(c -> c.value(metric)).toArray(),
                        y.stream().mapToDouble(c -> c.value(metric)).toArray(),
                        tolerance,
                        ""));
            }
        }
        return rows;
    }

    private static double medianTransactions(List<WorkloadCounts.Workload> blocks) {
        return P99Ratio.median(blocks.stream()
                .mapToDouble(WorkloadCounts.Workload::transactions)
                .toArray());
    }

    private static List<WorkloadCounts> counts(List<LoadedRun> blocks) {
        List<WorkloadCounts> counts = new ArrayList<>();
        for (LoadedRun block : blocks) {
            try {
                counts.add(WorkloadCounts.read(block.dir()));
            } catch (IOException e) {
                throw new GateException("cannot read the counts of block " + block.id() + ": " + e.getMessage());
            }
        }
        return counts;
    }

    /** Each block's counts of one workload (zero where the block saw none of its operations). */
    private static List<WorkloadCounts.Workload> workload(List<WorkloadCounts> blocks, String name) {
        return blocks.stream()
                .map(c -> c.workloads().getOrDefault(name, new WorkloadCounts.Workload(0, 0, 0, 0, 0, 0, 0)))
                .toList();
    }

    private static Histogram measured(LoadedRun run, String tag) {
        Histogram h = run.histograms().get(tag);
        return h != null && h.getTotalCount() > 0 ? h : null;
    }

    /** The non-empty histograms of {@code tag}, one per block. */
    static List<Histogram> blocks(List<LoadedRun> runs, String tag) {
        List<Histogram> blocks = new ArrayList<>();
        for (LoadedRun r : runs) {
            Histogram h = measured(r, tag);
            if (h != null) {
                blocks.add(h);
            }
        }
        return blocks;
    }
}
