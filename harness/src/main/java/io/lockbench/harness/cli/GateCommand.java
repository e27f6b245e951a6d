package io.lockbench.harness.cli;

import io.lockbench.harness.ExitCodes;
import io.lockbench.harness.gate.CommandGate;
import io.lockbench.harness.gate.GateReport;
import io.lockbench.harness.gate.GateResult;
import io.lockbench.harness.gate.GateRunner;
import io.lockbench.harness.gate.RevisionBuild;
import io.lockbench.harness.record.BusyLines;
import io.lockbench.harness.record.EventsLibrary;
import io.lockbench.harness.report.LoadedRun;
import io.lockbench.harness.results.BuildInfo;
import io.lockbench.harness.results.RunFile;
import io.lockbench.harness.run.ScratchDirectories;
import io.lockbench.harness.scenario.Durations;
import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.scenario.ScenarioException;
import io.lockbench.harness.scenario.ScenarioLoader;
import io.lockbench.store.Database;
import io.lockbench.store.config.InvalidConfigException;
import io.lockbench.store.config.Secrets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lockbench gate SCENARIO}: baseline against candidate on the p99 of latency and wait per
 * workload; or {@code lockbench gate --command CMD}: the same for the team's own application
 * ({@link CommandGate}). Exit statuses are {@link ExitCodes}' gate table: 0 pass, 1 regression, 2 inconclusive, 3
 * error of any kind, usage included.
 */
@Command(
        name = "gate",
        mixinStandardHelpOptions = true,
        description = {
            "Lock-wait regression gate. Compares the p99 of latency and of wait (lock + writer connection) per workload,"
                    + " one histogram per block, with an interval on each p99 ratio. PASS only when every interval is at or under"
                    + " 1 + tolerance, REGRESSION when one lies wholly above it; until then it runs more ABBA block pairs, up to"
                    + " --max-duration.",
            "Either two configurations run now, interleaved in fresh processes (--baseline-set / --candidate-set), another"
                    + " build (--baseline-ref / --baseline-jar), or the candidate against stored baseline blocks (--baseline DIR,"
                    + " made with --record-baseline DIR).",
            "Writes gate.md, gate-junit.xml and gate-bencher.json to --out. Exit: 0 pass, 1 regression, 2 inconclusive"
                    + " (undecided at --max-duration or after --blocks), 3 error of any kind, a bad option included."
        })
final class GateCommand implements Callable<Integer>, ExitCodes.GateStatuses {

    @Parameters(
            index = "0",
            paramLabel = "SCENARIO",
            arity = "0..1",
            description = "The scenario (not with --command).")
    Path scenario;

    @Option(
            names = "--json",
            description =
                    "Print one JSON document on stdout (shape: docs/commands.md, JSON output) instead of gate.md; the"
                            + " files are written as always.")
    boolean json;

    @Option(
            names = "--command",
            paramLabel = "CMD",
            description = "Gate your own application instead of a scenario: every block runs CMD (with sh -c) under"
                    + " `lockbench record` in a checkout of each side, the baseline being --baseline-ref of the repository"
                    + " in the current directory and the candidate its working tree. Gated per block, from lock events"
                    + " inside every process: the hold p99 of write transactions, the total hold time, the lock wait"
                    + " p99 and SQLite's BUSY returns; where the lock-event library cannot load (--no-events), holds"
                    + " sampled from the lock table and BUSY lines of the output.")
    String command;

    @Option(
            names = "--db",
            paramLabel = "PATH",
            description = "With --command: a database CMD uses, relative to the checkout (repeatable).")
    List<Path> databases = new ArrayList<>();

    @Option(
            names = "--build",
            paramLabel = "CMD",
            description = "With --command: run once in each side's checkout before its blocks (sh -c).")
    String build;

    @Option(
            names = "--no-events",
            description = "Do not load the lock-event library: no count tier. With --command, sample the lock table"
                    + " instead (for a static or setuid program): no waits, no BUSY codes, short holds missed.")
    boolean noEvents;

    @Option(
            names = "--waits",
            hidden = true,
            description = "Accepted for scripts written before lock events were gated by default.")
    boolean waits;

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
            description = "Run only baseline blocks (--blocks of them, default 8) and store them in DIR.")
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

    @Option(
            names = "--blocks",
            paramLabel = "N",
            description = "Exactly N blocks a side, looked at once (no sequential blocks).")
    Integer blocks;

    @Option(
            names = "--min-blocks",
            paramLabel = "N",
            description = "Blocks a side before the first look (default: " + COUNTED_MIN_BLOCKS
                    + " with the count tier, " + TIMED_MIN_BLOCKS + " without); each later look has twice as many.")
    Integer minBlocks;

    /** A count tier decides from a few blocks; tails alone need more before their first look can decide. */
    static final int COUNTED_MIN_BLOCKS = 3;

    static final int TIMED_MIN_BLOCKS = 10;

    @Option(
            names = "--max-duration",
            paramLabel = "DURATION",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description =
                    "Start no look that would end after this (default: ${DEFAULT-VALUE}); still undecided then is exit"
                            + " 2.")
    Duration maxDuration;

    @Option(
            names = "--block-duration",
            paramLabel = "DURATION",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Shortest block, its run.duration (default: ${DEFAULT-VALUE}).")
    Duration blockDuration;

    @Option(
            names = "--min-ops",
            paramLabel = "N",
            defaultValue = "30",
            description = "A block runs on until every workload has N measured operations (default: ${DEFAULT-VALUE}; 0"
                    + " off), up to --max-block-duration.")
    int minOps;

    @Option(
            names = "--max-block-duration",
            paramLabel = "DURATION",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Longest block when waiting for --min-ops (default: ${DEFAULT-VALUE}).")
    Duration maxBlockDuration;

    @Option(
            names = "--tolerance",
            paramLabel = "FRACTION",
            defaultValue = "0.10",
            description = "Allowed p99 increase as a fraction (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(
            names = "--confidence",
            paramLabel = "FRACTION",
            defaultValue = "0.95",
            description = "1 − the false-alarm rate over all comparisons together, and 1 − the false-PASS rate"
                    + " (default: ${DEFAULT-VALUE}).")
    double confidence;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: results/gate-<time>).")
    Path out;

    @Option(
            names = "--force",
            description = "Replace an earlier gate's output in --out (never a directory lockbench did not write).")
    boolean force;

    @Option(
            names = "--work",
            paramLabel = "DIR",
            defaultValue = ResultsOptions.DEFAULT_WORK,
            description = "Scratch directory (default: ${DEFAULT-VALUE}).")
    Path work;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Takes --out (by default a new results/gate-TIME) for this gate's files, before the first block runs. */
    private void claimOut() {
        if (out == null) {
            String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC));
            out = Path.of("results").resolve(OutputDirectory.freshName(Path.of("results"), "gate-" + stamp));
        }
        OutputDirectory.claim("out", out, "gate", "gate.md", force);
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        PrintWriter err = spec.commandLine().getErr();
        if (command != null) {
            return gateCommand(err);
        }
        if (scenario == null) {
            throw new InvalidConfigException(
                    "SCENARIO", "give a scenario file, or --command CMD to gate your own application");
        }
        if (!databases.isEmpty() || build != null || waits) {
            throw new InvalidConfigException(
                    "--db/--build", "they gate your own application and go with --command CMD");
        }
        // The revision is looked up before anything is written: a wrong one, or no repository, leaves nothing.
        RevisionBuild builds = null;
        String commit = null;
        if (baselineRef != null) {
            builds = new RevisionBuild(
                    Path.of("").toAbsolutePath(), Path.of("data", "gate-builds").toAbsolutePath());
            commit = builds.resolve(baselineRef);
        }
        // What is gated comes from the scenario as written; the blocks run a copy without the gate's own
        // keys when it has any, so that a build older than those keys runs the same scenario.
        Scenario gated = ScenarioLoader.load(scenario, with(candidateSet, null, false));
        Path blocksScenario = work.resolve("gate").resolve(scenario.getFileName());
        GateRunner runner = new GateRunner(
                ScenarioLoader.writeWithoutGateKeys(scenario, blocksScenario) ? blocksScenario : scenario, work, err);
        String buildLabel = null;
        if (baselineRef != null || baselineJar != null) {
            if ((baselineRef != null && baselineJar != null) || storedBaseline != null || recordBaseline != null) {
                throw new ScenarioException(
                        "--baseline-ref",
                        baselineRef != null ? baselineRef : baselineJar.toString(),
                        "use one of --baseline-ref, --baseline-jar, --baseline and --record-baseline");
            }
            Path jar = baselineJar;
            if (baselineRef != null) {
                jar = builds.jar(commit, err);
                buildLabel = baselineRef + " (" + commit.substring(0, 12) + ")";
            } else {
                buildLabel = baselineJar.toString();
            }
            runner.withBaselineJar(jar);
        }
        GateRunner.BlockSettings settings = new GateRunner.BlockSettings(blockDuration, minOps, maxBlockDuration);
        List<String> notes = new ArrayList<>();
        boolean counted = countTier(gated, runner, notes, err);
        if (minOps > 0 && !runner.blocksWaitForOperations()) {
            notes.add("the baseline build predates run.min_operations: blocks on both sides run a fixed "
                    + Durations.format(blockDuration) + ", however few operations they finish");
        }
        List<String> base = with(baselineSet, settings, runner.blocksWaitForOperations());
        List<String> cand = with(candidateSet, settings, runner.blocksWaitForOperations());
        Scenario baseScenario = runner.validate(base);
        Scenario candScenario = runner.validate(cand);
        if (buildLabel == null
                && storedBaseline == null
                && recordBaseline == null
                && RunFile.flatConfiguration(baseScenario).equals(RunFile.flatConfiguration(candScenario))) {
            throw new ScenarioException(
                    "--baseline-set/--candidate-set",
                    String.join(" ", baselineSet) + " / " + String.join(" ", candidateSet),
                    "baseline and candidate are the same configuration of the same build, so the gate would compare"
                            + " nothing; give them different settings, or compare builds with --baseline-ref or --baseline-jar");
        }
        if (recordBaseline != null) {
            int n = blocks != null ? blocks : 8;
            runner.runRounds(base, null, 0, n, recordBaseline);
            err.println("baseline: " + n + " blocks in " + recordBaseline);
            return ExitCodes.OK;
        }
        // A stored baseline is checked before any candidate block runs: a wrong one must not cost a measurement.
        List<LoadedRun> stored = storedBaseline == null
                ? null
                : GateRunner.loadBaseline(storedBaseline, candScenario, allowOtherMachine, notes);
        claimOut();
        Path blocksDir = out.resolve("blocks");
        String baselineLabel = storedBaseline != null
                ? storedBaseline.toString()
                : buildLabel != null
                        ? buildLabel
                        : baselineSet.isEmpty() ? "scenario as written" : String.join(" ", baselineSet);
        BuildInfo build = BuildInfo.current();
        String candidateLabel = (candidateSet.isEmpty() ? "current code" : String.join(" ", candidateSet))
                + (buildLabel != null
                        ? " ("
                                + build.commit()
                                        .substring(
                                                0, Math.min(12, build.commit().length()))
                                + (build.dirty() ? ", uncommitted changes" : "") + ")"
                        : "");
        GateRunner.Plan plan = new GateRunner.Plan(blocks != null ? blocks : 0, minBlocks(counted), maxDuration);
        GateResult result = runner.gate(
                gated,
                stored != null ? null : base,
                stored,
                cand,
                plan,
                tolerance,
                1 - confidence,
                blocksDir,
                baselineLabel,
                candidateLabel,
                notes);
        return reported(result);
    }

    /**
     * Sets the scenario gate's blocks to run under the lock-event library, where it can: a SQLite store, a
     * library that builds, no {@code --no-events}. Otherwise the notes say why there is no count tier.
     */
    private boolean countTier(Scenario gated, GateRunner runner, List<String> notes, PrintWriter err) {
        if (noEvents) {
            notes.add("count tier off (--no-events): the time tier decides alone");
            return false;
        }
        if (Database.of(gated.store()).file().isEmpty()) {
            notes.add("count tier: lock events are read from a database file's locks; a store on a server"
                    + " (PostgreSQL) has none, so the time tier decides alone");
            return false;
        }
        EventsLibrary.Build built = EventsLibrary.build(EventsLibrary.defaultCache());
        if (built.library().isEmpty()) {
            notes.add("count tier: no lock-event library (" + built.problem() + "); the time tier decides alone");
            err.println("lockbench gate: no count tier (" + built.problem() + ")");
            return false;
        }
        runner.withCounts(built.library().get());
        return true;
    }

    private int minBlocks(boolean counted) {
        return minBlocks != null ? minBlocks : counted ? COUNTED_MIN_BLOCKS : TIMED_MIN_BLOCKS;
    }

    /** Writes the gate's reports, prints the Markdown one, and returns the verdict's exit status. */
    private int reported(GateResult result) throws IOException {
        Files.createDirectories(out);
        String md = GateReport.markdown(result);
        Files.writeString(out.resolve("gate.md"), Secrets.redact(md));
        Files.writeString(out.resolve("gate-junit.xml"), Secrets.redact(GateReport.junitXml(result)));
        Files.writeString(out.resolve("gate-bencher.json"), Secrets.redact(GateReport.bencherJson(result)));
        if (json) {
            JsonOutput.print(spec.commandLine().getOut(), JsonOutput.gate(result, out));
        } else {
            spec.commandLine().getOut().print(md);
        }
        return result.verdict().exitCode();
    }

    /** {@code --command}: the application in the current repository, baseline revision against working tree. */
    private int gateCommand(PrintWriter err) throws IOException, InterruptedException {
        if (scenario != null) {
            throw new ScenarioException(
                    "--command", command, "gates your application instead of SCENARIO; give one of them");
        }
        if (baselineRef == null) {
            throw new ScenarioException(
                    "--command", command, "needs --baseline-ref REV: the revision of your repository to compare with");
        }
        if (databases.isEmpty()) {
            throw new ScenarioException("--command", command, "needs --db PATH: the SQLite database CMD uses");
        }
        if (baselineJar != null
                || storedBaseline != null
                || recordBaseline != null
                || !baselineSet.isEmpty()
                || !candidateSet.isEmpty()) {
            throw new ScenarioException(
                    "--command",
                    command,
                    "compares two revisions of your repository; --baseline-jar, --baseline, --record-baseline,"
                            + " --baseline-set and --candidate-set are for scenarios");
        }
        if (command.isBlank()) {
            throw new ScenarioException("--command", command, "is empty");
        }
        Path scratch = work.resolve("gate-command").toAbsolutePath();
        Path firstCreated = firstMissing(scratch);
        try {
            return gateCommand(err, scratch);
        } finally {
            // The two checkouts (each with a .git of its own) are scratch: none is left in the user's repository,
            // nor the directories made for them.
            ScratchDirectories.delete(scratch);
            removeEmptyUpTo(scratch.getParent(), firstCreated);
        }
    }

    private int gateCommand(PrintWriter err, Path scratch) throws IOException, InterruptedException {
        RevisionBuild repository = new RevisionBuild(
                Path.of("").toAbsolutePath(), scratch.resolve("git").toAbsolutePath());
        String commit = repository.resolve(baselineRef);
        List<String> notes = new ArrayList<>();
        Path library = null;
        if (!noEvents) {
            EventsLibrary.Build built = EventsLibrary.build(EventsLibrary.defaultCache());
            library = built.library().orElse(null);
            if (library == null) {
                notes.add("lock events are not recorded (" + built.problem() + "): holds are sampled from the lock"
                        + " table, no waits or BUSY codes are gated");
                err.println("lockbench gate: lock events are not recorded (" + built.problem()
                        + "); gating holds sampled from the lock table");
            }
        }
        notes.add(
                library != null
                        ? "hold, hold_total, lock_wait and busy come from lock events inside every process: one hold per write"
                                + " transaction, BUSY as SQLite returned it"
                        : "hold and hold_total come from the lock table, sampled every millisecond (short holds missed,"
                                + " back-to-back ones merged); busy_lines counts output lines");
        CommandGate gate = new CommandGate(
                new CommandGate.Settings(
                        command,
                        databases,
                        build,
                        Pattern.compile(BusyLines.DEFAULT_PATTERN),
                        Duration.ofMillis(1),
                        library),
                repository,
                scratch,
                err);
        claimOut();
        Path blocksDir = out.resolve("blocks").toAbsolutePath();
        GateResult result = gate.gate(
                commit,
                new GateRunner.Plan(blocks != null ? blocks : 0, minBlocks(library != null), maxDuration),
                tolerance,
                1 - confidence,
                blocksDir,
                baselineRef + " (" + commit.substring(0, 12) + ")",
                "working tree",
                notes);
        return reported(result);
    }

    /** The outermost directory of {@code dir} and its parents that does not exist yet, or null. */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** Removes {@code dir} and its parents while empty, up to and including {@code last} (null: none). */
    private static void removeEmptyUpTo(Path dir, Path last) {
        if (last == null) {
            return;
        }
        for (Path p = dir; p != null && p.startsWith(last); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return; // not empty: someone else's too
            }
        }
    }

    private void checkOptions() {
        if (blocks != null && (blocks < 2 || blocks > 1000)) {
            throw new ScenarioException("--blocks", blocks.toString(), "must be between 2 and 1000");
        }
        if (minBlocks != null && (minBlocks < 2 || minBlocks > 1000)) {
            throw new ScenarioException("--min-blocks", Integer.toString(minBlocks), "must be between 2 and 1000");
        }
        if (!(tolerance >= 0 && tolerance <= 10)) {
            throw new ScenarioException("--tolerance", Double.toString(tolerance), "must be between 0 and 10");
        }
        if (!(confidence >= 0.5 && confidence < 1)) {
            throw new ScenarioException(
                    "--confidence", Double.toString(confidence), "must be at least 0.5 and below 1");
        }
        if (minOps < 0 || minOps > 1_000_000) {
            throw new ScenarioException("--min-ops", Integer.toString(minOps), "must be between 0 and 1000000");
        }
        if (blockDuration.isZero()) {
            throw new ScenarioException("--block-duration", "0", "must be longer than 0");
        }
        if (maxBlockDuration.compareTo(blockDuration) < 0) {
            throw new ScenarioException(
                    "--max-block-duration",
                    Durations.format(maxBlockDuration),
                    "must be at least --block-duration (" + Durations.format(blockDuration) + ")");
        }
        if (maxDuration.isZero()) {
            throw new ScenarioException("--max-duration", "0", "must be longer than 0");
        }
    }

    /**
     * The blocks' overrides: the user's, with any file they name made absolute (the blocks run a copy of
     * the scenario kept in the work directory), and the block settings.
     */
    private List<String> with(List<String> overrides, GateRunner.BlockSettings settings, boolean withMinimum) {
        List<String> all = new ArrayList<>();
        overrides.forEach(o -> all.add(ScenarioLoader.withAbsolutePath(o, scenario)));
        if (settings != null) {
            all.addAll(settings.overrides(withMinimum));
        }
        return all;
    }
}
