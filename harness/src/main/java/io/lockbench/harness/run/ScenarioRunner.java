package io.lockbench.harness.run;

import io.lockbench.harness.catalog.Catalog;
import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import io.lockbench.harness.results.Environment;
import io.lockbench.harness.results.IntervalLog;
import io.lockbench.harness.results.Metric;
import io.lockbench.harness.results.ResultsWriter;
import io.lockbench.harness.results.RunResult;
import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.scenario.ScenarioException;
import io.lockbench.harness.scenario.WorkloadSpec;
import io.lockbench.harness.sql.ScriptChecks;
import io.lockbench.harness.sql.ScriptException;
import io.lockbench.harness.sql.ScriptWorkload;
import io.lockbench.harness.text.Millis;
import io.lockbench.harness.workload.Operation;
import io.lockbench.harness.workload.RunContext;
import io.lockbench.harness.workload.WorkloadType;
import io.lockbench.harness.workload.Workloads;
import io.lockbench.store.Database;
import io.lockbench.store.DatabaseErrors;
import io.lockbench.store.SessionStore;
import io.lockbench.store.config.InvalidConfigException;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.importer.ImportOptions;
import io.lockbench.store.importer.SessionImporter;
import io.lockbench.store.query.SessionPage;
import io.lockbench.store.query.SessionSummary;
import io.lockbench.store.transcript.TranscriptFile;
import io.lockbench.store.wal.WalFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Runs one scenario against a fresh database: seeds it, starts every workload's threads on
 * schedule, samples histograms and the WAL each interval, stops everything cleanly and summarises.
 */
public final class ScenarioRunner {

    /** Where a run works and what it shows while it runs. */
    public record Options(Path workDir, Path resultsDir, String runId, PrintWriter progress, boolean keepDatabase) {}

    private final Scenario scenario;
    private final Options options;
    /** Which thread ran which workload, when the run is under the lock-event library (else null). */
    final EventThreads eventThreads = EventThreads.fromEnvironment();

    /**
     * One run's parts, made as it starts: the store, its WAL files (or null), the seeded corpus (or
     * null), the API the workloads call (or null) and the workloads.
     */
    private record Attempt(
            SessionStore store, WalFiles walFiles, Path corpusRoot, URI serverUrl, List<Running> workloads) {}

    public ScenarioRunner(Scenario scenario, Options options) {
        this.scenario = scenario;
        this.options = options;
    }

    public RunResult run() throws IOException, SQLException {
        Path work = options.workDir().resolve(options.runId());
        Files.createDirectories(work);
        // Declared first, closed last: the database outlives everything, and the WAL files' descriptors
        // outlive the store's connections.
        try (Database.Scratch database =
                        Database.of(scenario.store()).scratch(work, options.runId(), options.keepDatabase());
                WalFiles walFiles = startFrom(database.config());
                SessionStore store = open(scenario, database.config())) {
            StoreConfig config = store.config();
            ServerProcess serverProcess = null;
            try {
                Path corpusRoot = seed(store, work);
                prepareScripts(store);
                RunContext context = context(store, scenario, corpusRoot);
                URI serverUrl = null;
                Scenario.Server server = scenario.server();
                if (server != null && server.start()) {
                    Path root = corpusRoot != null ? corpusRoot : Files.createDirectories(work.resolve("corpus"));
                    serverProcess = ServerProcess.start(config, root, options.resultsDir());
                    serverUrl = serverProcess.url();
                } else if (server != null) {
                    serverUrl = server.url();
                }
                context = context.withApi(serverUrl);
                List<Running> workloads = new ArrayList<>();
                for (WorkloadSpec spec : scenario.workloads()) {
                    workloads.add(new Running(spec, Workloads.create(spec.type(), spec, context)));
                }
                return execute(new Attempt(store, walFiles, corpusRoot, serverUrl, workloads));
            } finally {
                // Before the database goes: a PostgreSQL schema is dropped when the run's database closes.
                if (serverProcess != null) {
                    serverProcess.close();
                }
            }
        } finally {
            if (!options.keepDatabase()) {
                try {
                    ScratchDirectories.delete(work);
                } catch (IOException e) {
                    // leaving a scratch directory behind is not worth failing the run for
                }
            }
        }
    }

    /**
     * Copies the scenario's {@code store.from} into the run's database when it has one (before any
     * connection opens it), then opens the database's WAL files.
     */
    private WalFiles startFrom(StoreConfig config) {
        Database database = Database.of(config);
        if (scenario.ownTables() != null && scenario.ownTables().from() != null) {
            try {
                database.copyFrom(scenario.ownTables().from());
            } catch (InvalidConfigException e) {
                throw new ScenarioException(scenario.file().toString(), "store." + e.key(), e.problem());
            }
        }
        return database.openWalFiles().orElse(null);
    }

    /** The run's store: lockbench's tables, or (store.schema, store.from) the tables of the scenario's own. */
    static SessionStore open(Scenario scenario, StoreConfig config) {
        return scenario.ownTables() != null ? SessionStore.openOwnSchema(config) : SessionStore.open(config);
    }

    /**
     * Prepares every statement of the sql workloads on the seeded database, so that a script that
     * cannot run fails before the measured window, at its {@code file:line}.
     */
    private void prepareScripts(SessionStore store) throws SQLException {
        for (WorkloadSpec spec : scenario.workloads()) {
            if (spec.type() == WorkloadType.SQL) {
                ScriptWorkload sql = spec.param(ScriptWorkload.KEY, ScriptWorkload.class);
                ScriptChecks.prepareAll(store, sql.scripts(), sql.readOnly());
            }
        }
    }

    /** Seeds the store as the scenario says; returns the generated corpus's root, or null when there is none. */
    private Path seed(SessionStore store, Path work) throws IOException, SQLException {
        Scenario.Seed seed = scenario.seed();
        if (scenario.ownTables() != null && scenario.ownTables().schema() != null) {
            Path schema = scenario.ownTables().schema();
            try {
                store.runScript(Files.readString(schema));
            } catch (SQLException e) {
                throw new ScriptException(schema.toString(), "the schema does not apply: " + DatabaseErrors.oneLine(e));
            }
        }
        if (seed.sql() != null) {
            ScriptChecks.prepareAll(store, List.of(seed.sql().script()), false);
            ScriptChecks.fill(
                    store,
                    seed.sql().script(),
                    seed.sql().executions(),
                    scenario.run().timeLimit());
        }
        if (seed.catalog() != null) {
            new Catalog(store).seed(seed.catalog());
        }
        if (seed.sessions() != null) {
            Scenario.SessionCorpus corpus = seed.sessions();
            CorpusSpec spec = CorpusSpec.small(corpus.seed());
            spec = new CorpusSpec(
                    corpus.seed(),
                    corpus.sessions(),
                    corpus.turns(),
                    spec.projects(),
                    spec.textBytes(),
                    spec.start(),
                    spec.days(),
                    0);
            Path corpusRoot =
                    new CorpusGenerator(spec).writeTo(work.resolve("corpus")).root();
            store.importer().importFiles(SessionImporter.discover(corpusRoot), ImportOptions.defaults());
            return corpusRoot;
        }
        return null;
    }

    /** What the workloads need to know about a seeded store (also used by worker processes). */
    static RunContext context(SessionStore store, Scenario scenario, Path corpusRoot) throws IOException {
        List<TranscriptFile> transcripts = List.of();
        List<SessionSummary> sessions = new ArrayList<>();
        if (corpusRoot != null) {
            transcripts = SessionImporter.discover(corpusRoot);
            for (SessionPage page = store.queries().listSessions(0, 10_000);
                    !page.sessions().isEmpty();
                    page = store.queries().listSessions(sessions.size(), 10_000)) {
                sessions.addAll(page.sessions());
            }
        }
        Instant first = sessions.stream()
                .map(SessionSummary::firstActivity)
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(Instant.EPOCH);
        Instant last = sessions.stream()
                .map(SessionSummary::lastActivity)
                .filter(Objects::nonNull)
                .max(Instant::compareTo)
                .orElse(Instant.EPOCH);
        return new RunContext(
                store,
                scenario.seed().catalog(),
                transcripts,
                sessions.stream().map(SessionSummary::sessionId).toList(),
                first,
                last,
                null);
    }

    /**
     * One workload while it runs. Thread indexes are global over the workload's processes, so pacing,
     * operation shares and random seeds do not depend on where a thread runs.
     */
    static final class Running {
        final WorkloadSpec spec;
        final Operation operation;
        final WorkloadMetrics metrics = new WorkloadMetrics();
        final Map<Metric, Histogram> totals = new EnumMap<>(Metric.class);
        /** System.nanoTime() at which each thread (global index) finished; 0 while running. */
        final long[] finishedAt;

        final List<Thread> threads = new ArrayList<>();
        final List<WorkerProcess> processes = new ArrayList<>();

        Running(WorkloadSpec spec, Operation operation) {
            this.spec = spec;
            this.operation = operation;
            this.finishedAt = new long[spec.totalThreads()];
            for (Metric metric : Metric.values()) {
                totals.put(
                        metric,
                        new Histogram(1, WorkloadMetrics.HIGHEST_TRACKABLE, WorkloadMetrics.SIGNIFICANT_DIGITS));
            }
        }

        boolean alive() {
            return threads.stream().anyMatch(Thread::isAlive)
                    || processes.stream().anyMatch(WorkerProcess::isAlive);
        }
    }

    @SuppressWarnings("try") // the blocking sampler only has to run while the workloads do
    private RunResult execute(Attempt attempt) throws IOException, SQLException {
        SessionStore store = attempt.store();
        WalFiles walFiles = attempt.walFiles();
        List<Running> workloads = attempt.workloads();
        Files.createDirectories(options.resultsDir());
        AtomicBoolean stop = new AtomicBoolean();
        boolean anyProcesses = workloads.stream().anyMatch(w -> w.spec.processes() > 0);
        // Worker JVMs need a moment to start and open the store before the common start time.
        long delayMs = anyProcesses ? WorkerProcess.STARTUP_ALLOWANCE_MS : 50;
        long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
        Instant startedAt = Instant.now().plusMillis(delayMs);
        // Everything that can fail on its own (the results directory, the interval log) is set up before
        // the first worker starts, and the finally block stops every thread and worker process, so an error
        // here never leaves workers running against the database.
        ResultsWriter.started(scenario, options.runId(), startedAt, options.resultsDir());
        List<RunResult.WalSample> wal = new ArrayList<>();
        boolean timedOut = false;
        int leftRunning;
        String blockingQuery = store.database().blockingQuery().orElse(null);
        try (IntervalLog log = new IntervalLog(
                        options.resultsDir().resolve("latency.hlog"),
                        options.resultsDir().resolve("intervals.csv"),
                        startedAt);
                BlockingSampler blocking = blockingQuery != null
                        ? BlockingSampler.start(store.config(), blockingQuery, options.resultsDir(), startNanos)
                        : null) {
            boolean finished = false;
            try {
                for (Running w : workloads) {
                    if (w.spec.processes() > 0) {
                        for (int p = 0; p < w.spec.processes(); p++) {
                            w.processes.add(WorkerProcess.start(
                                    scenario,
                                    w.spec,
                                    p,
                                    store.database().handOver(LockbenchJvm.RUN_DATABASE_ENV),
                                    attempt.corpusRoot(),
                                    startedAt.toEpochMilli(),
                                    options.resultsDir(),
                                    attempt.serverUrl()));
                        }
                    } else {
                        w.threads.addAll(threads(store, w, 0, startNanos, stop));
                    }
                }
                workloads.forEach(w -> w.threads.forEach(Thread::start));
                long interval = scenario.run().sampleInterval().toNanos();
                long deadline = startNanos + scenario.run().timeLimit().toNanos();
                long overdue = overdue(workloads, startNanos);
                boolean cut = false;
                for (long next = startNanos + interval; anyAlive(workloads); next += interval) {
                    waitUntil(next, workloads);
                    sample(workloads, log);
                    if (walFiles != null) {
                        wal.add(WalSampler.sample(walFiles, startNanos));
                    }
                    progress(workloads, startNanos);
                    if (System.nanoTime() > deadline) {
                        timedOut = true;
                        break;
                    }
                    if (enoughOperations(workloads, startNanos)) {
                        break;
                    }
                    if (System.nanoTime() > overdue) {
                        cut = true;
                        break;
                    }
                }
                leftRunning = stopAll(workloads, stop, cut ? 0 : STOP_PATIENCE_NANOS);
                for (Running w : workloads) {
                    for (WorkerProcess process : w.processes) {
                        leftRunning += process.collect(w, startNanos, startedAt.toEpochMilli());
                    }
                }
                sample(workloads, log);
                if (eventThreads != null) {
                    eventThreads.write();
                }
                finished = true;
            } finally {
                if (!finished) {
                    stopAll(workloads, stop);
                    workloads.forEach(w -> w.processes.forEach(WorkerProcess::kill));
                }
            }
        }
        if (options.progress() != null) {
            options.progress().print("\r" + " ".repeat(120) + "\r");
            options.progress().flush();
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        List<RunResult.WorkloadSummary> summaries = new ArrayList<>();
        Map<String, Histogram> latency = new LinkedHashMap<>();
        for (Running w : workloads) {
            summaries.add(WorkloadSummaries.summarise(w, seconds, scenario.run().warmup()));
            latency.put(w.spec.name(), w.totals.get(Metric.LATENCY));
        }
        RunResult result = new RunResult(
                options.runId(),
                scenario,
                startedAt,
                seconds,
                Environment.describe(store),
                summaries,
                wal,
                leftRunning,
                timedOut);
        ResultsWriter.write(result, options.resultsDir(), latency);
        return result;
    }

    /** The workload's threads for process {@code process} (or this JVM), not started. */
    List<Thread> threads(SessionStore store, Running w, int process, long runStart, AtomicBoolean stop) {
        long warmupEnd = runStart + scenario.run().warmup().toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < w.spec.threads(); t++) {
            int index = process * w.spec.threads() + t;
            Thread thread = new Thread(
                    new WorkloadLoop(scenario, store, w, index, runStart, warmupEnd, stop, eventThreads),
                    "lockbench-" + w.spec.name() + "-" + index);
            thread.setDaemon(true);
            threads.add(thread);
        }
        return threads;
    }

    /**
     * With {@code run.min_operations}, whether the run may end now: past {@code run.duration}, and every
     * workload that runs for the run's duration has that many measured operations. Workloads with an
     * own duration or operation count end on their own, and those in worker processes report their
     * counts only at the end, so neither is waited for.
     */
    private boolean enoughOperations(List<Running> workloads, long startNanos) {
        Scenario.RunSettings run = scenario.run();
        if (run.minOperations() == 0
                || System.nanoTime() - startNanos < run.duration().toNanos()) {
            return false;
        }
        for (Running w : workloads) {
            boolean waitedFor = w.spec.duration() == null && w.spec.operations() == 0 && w.spec.processes() == 0;
            if (waitedFor && w.alive() && w.totals.get(Metric.LATENCY).getTotalCount() < run.minOperations()) {
                return false;
            }
        }
        return true;
    }

    static void waitUntil(long nanoTime, List<Running> workloads) {
        for (long left = nanoTime - System.nanoTime();
                left > 0 && anyAlive(workloads);
                left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)));
        }
    }

    static boolean anyAlive(List<Running> workloads) {
        return workloads.stream().anyMatch(Running::alive);
    }

    /** How long threads that are asked to stop get to end their operation before they are interrupted. */
    static final long STOP_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(2);

    /**
     * When operations still running are cut short: five seconds, or a tenth of the run, after the last
     * workload's end, so that a {@code \sleep} or a statement longer than the run does not hold
     * it until {@code run.time_limit}. Long.MAX_VALUE when a workload runs a count of operations.
     */
    private long overdue(List<Running> workloads, long startNanos) {
        long last = startNanos;
        for (Running w : workloads) {
            // Workloads in worker processes too: their threads end at the same time, computed the same way.
            last = Math.max(last, WorkloadLoop.end(scenario, w.spec, startNanos));
        }
        return overdue(last, startNanos);
    }

    /** {@code end} and a grace, or Long.MAX_VALUE for a workload without an end. */
    static long overdue(long end, long startNanos) {
        if (end == Long.MAX_VALUE) {
            return end;
        }
        // Five seconds at least: an operation that began just before the end on a loaded machine (an import
        // of a few transactions) still finishes and is measured; what runs longer is not an operation of the run.
        long grace = Math.max(TimeUnit.SECONDS.toNanos(5), (end - startNanos) / 10);
        return end + grace;
    }

    static int stopAll(List<Running> workloads, AtomicBoolean stop) {
        return stopAll(workloads, stop, STOP_PATIENCE_NANOS);
    }

    /**
     * Asks threads to stop, interrupts the ones that do not within {@code patienceNanos} (their sleeps and
     * their SQL), and returns how many are still running.
     */
    static int stopAll(List<Running> workloads, AtomicBoolean stop, long patienceNanos) {
        stop.set(true);
        workloads.forEach(w -> w.processes.forEach(WorkerProcess::stop));
        long patience = System.nanoTime() + patienceNanos;
        for (Running w : workloads) {
            for (Thread t : w.threads) {
                join(t, patience);
                if (t.isAlive()) {
                    t.interrupt();
                    w.operation.interrupt();
                }
            }
        }
        long last = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int alive = 0;
        for (Running w : workloads) {
            for (Thread t : w.threads) {
                join(t, last);
                alive += t.isAlive() ? 1 : 0;
            }
        }
        return alive;
    }

    static void join(Thread t, long untilNanos) {
        try {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(untilNanos - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sample(List<Running> workloads, IntervalLog log) {
        for (Running w : workloads) {
            for (Metric metric : Metric.values()) {
                Histogram interval = w.metrics.interval(metric);
                w.totals.get(metric).add(interval);
                log.write(w.spec.name() + "." + metric.label(), interval);
            }
            WorkloadMetrics m = w.metrics;
            log.counters(w.spec.name(), m.attempted(), m.ok(), m.busyTotal(), m.otherErrorTotal(), m.inconsistent());
        }
        log.endSample();
    }

    private void progress(List<Running> workloads, long startNanos) {
        PrintWriter out = options.progress();
        if (out == null) {
            return;
        }
        StringBuilder line =
                new StringBuilder(String.format(Locale.ROOT, "\r%5.0fs", (System.nanoTime() - startNanos) / 1e9));
        for (Running w : workloads) {
            Histogram latency = w.totals.get(Metric.LATENCY);
            long p99 = latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(99);
            line.append(String.format(
                    Locale.ROOT,
                    "  %s %d ops p99 %s busy %d",
                    w.spec.name(),
                    w.metrics.attempted(),
                    Millis.format(p99 / 1e6),
                    w.metrics.busyTotal()));
        }
        String text = line.length() > 160 ? line.substring(0, 157) + "..." : line.toString();
        out.print(text);
        out.flush();
    }
}
