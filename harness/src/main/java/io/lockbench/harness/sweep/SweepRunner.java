package io.lockbench.harness.sweep;

import io.lockbench.harness.json.Json;
import io.lockbench.harness.results.RunResult;
import io.lockbench.harness.run.ScenarioRunner;
import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.scenario.ScenarioLoader;
import io.lockbench.harness.scenario.WorkloadSpec;
import io.lockbench.harness.sql.ScriptWorkload;
import io.lockbench.harness.workload.WorkloadType;
import io.lockbench.store.config.Secrets;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs a scenario at every point of a grid, one fresh database per point with the same seeded data,
 * and rewrites the sweep report after each point, so an interrupted sweep keeps what it finished.
 */
public final class SweepRunner {

    private final Path scenarioFile;
    private final List<String> baseOverrides;
    private final SweepGrid grid;
    private final Path resultsDir;
    private final Path workDir;
    private final PrintWriter progress;
    private final SweepObjective objective;

    public SweepRunner(
            Path scenarioFile,
            List<String> baseOverrides,
            SweepGrid grid,
            SweepObjective objective,
            Path resultsDir,
            Path workDir,
            PrintWriter progress) {
        this.objective = objective;
        this.scenarioFile = scenarioFile;
        this.baseOverrides = List.copyOf(baseOverrides);
        this.grid = grid;
        this.resultsDir = resultsDir;
        this.workDir = workDir;
        this.progress = progress;
    }

    /** Validates every point before the first one runs: a bad value in the last point should not cost the others. */
    public List<Scenario> scenarios() {
        List<Scenario> scenarios = new ArrayList<>();
        for (Map<String, String> point : grid.points()) {
            scenarios.add(ScenarioLoader.load(scenarioFile, overrides(point)));
        }
        return scenarios;
    }

    private List<String> overrides(Map<String, String> point) {
        List<String> overrides = new ArrayList<>(baseOverrides);
        point.forEach((k, v) -> overrides.add(k + "=" + v));
        return overrides;
    }

    public List<SweepPoint> run() throws IOException, SQLException {
        return run(scenarios());
    }

    /** Runs the points whose scenarios {@link #scenarios()} returned, in the same order. */
    public List<SweepPoint> run(List<Scenario> scenarios) throws IOException, SQLException {
        List<Map<String, String>> points = grid.points();
        List<SweepPoint> done = new ArrayList<>();
        Files.createDirectories(resultsDir);
        long started = System.nanoTime();
        for (int i = 0; i < points.size(); i++) {
            String id = SweepGrid.pointId(points.get(i));
            RunResult result = new ScenarioRunner(
                            scenarios.get(i),
                            new ScenarioRunner.Options(workDir, resultsDir.resolve(id), id, null, false))
                    .run();
            done.add(point(
                    id, points.get(i), result, bulkWorkloads(scenarios.get(i)), writingWorkloads(scenarios.get(i))));
            // A grid may vary a setting that carries a password (a PostgreSQL url with user info).
            Files.writeString(
                    resultsDir.resolve("sweep.md"),
                    Secrets.redact(SweepReport.markdown(scenarios.get(0).name(), done, points.size(), objective)));
            Files.writeString(
                    resultsDir.resolve("sweep.json"),
                    Secrets.redact(Json.pretty()
                            .writeValueAsString(
                                    SweepReport.document(scenarios.get(0).name(), done, objective))));
            if (progress != null) {
                double elapsed = (System.nanoTime() - started) / 1e9;
                double remaining = elapsed / (i + 1) * (points.size() - i - 1);
                progress.printf(
                        Locale.ROOT,
                        "point %d/%d %s: %s; %.0f s elapsed, about %.0f s remaining%n",
                        i + 1,
                        points.size(),
                        id,
                        result.passed() ? "passed" : "failed an expectation",
                        elapsed,
                        remaining);
            }
        }
        return done;
    }

    /**
     * The workloads whose throughput a point trades against the others' waits, with the units of work
     * one operation does: lockbench's imports (an operation imports the same entries or files whatever
     * the batch size: 1), and {@code sql} workloads marked {@code bulk} (an operation is a transaction
     * of {@code batch_size} executions, so their throughput is counted in executions).
     */
    static Map<String, Integer> bulkWorkloads(Scenario scenario) {
        Map<String, Integer> bulk = new HashMap<>();
        for (WorkloadSpec w : scenario.workloads()) {
            if (w.type() == WorkloadType.IMPORT_ARTIFACTS || w.type() == WorkloadType.IMPORT_SESSIONS) {
                bulk.put(w.name(), 1);
            } else if (w.type() == WorkloadType.SQL) {
                ScriptWorkload sql = w.param(ScriptWorkload.KEY, ScriptWorkload.class);
                if (sql.bulk()) {
                    bulk.put(w.name(), sql.batchSize());
                }
            }
        }
        return bulk;
    }

    /** The workloads that write: lockbench's writing types, and {@code sql} workloads not marked read_only. */
    static Set<String> writingWorkloads(Scenario scenario) {
        Set<String> writers = new HashSet<>();
        for (WorkloadSpec w : scenario.workloads()) {
            boolean writes = w.type() == WorkloadType.SQL
                    ? !w.param(ScriptWorkload.KEY, ScriptWorkload.class).readOnly()
                    : w.type().writes();
            if (writes) {
                writers.add(w.name());
            }
        }
        return writers;
    }

    static SweepPoint point(
            String id, Map<String, String> settings, RunResult r, Map<String, Integer> bulk, Set<String> writers) {
        long completed = 0;
        double imports = 0;
        double p99 = 0;
        double wait = 0;
        double writerWait = Double.NaN;
        long failures = 0;
        long fewest = Long.MAX_VALUE;
        for (RunResult.WorkloadSummary w : r.workloads()) {
            failures += w.busy() + w.otherErrors() + w.inconsistent();
            fewest = Math.min(fewest, w.ok());
            if (bulk.containsKey(w.name())) {
                completed += w.ok();
                imports +=
                        w.attempted() == 0 ? 0 : w.operationsPerSecond() * w.ok() / w.attempted() * bulk.get(w.name());
            } else {
                p99 = Math.max(p99, w.millis().get("latency").p99());
                wait = Math.max(wait, w.millis().get("wait").p99());
                if (writers.contains(w.name())) {
                    double own = w.millis().get("wait").p99();
                    writerWait = Double.isNaN(writerWait) ? own : Math.max(writerWait, own);
                }
            }
        }
        return new SweepPoint(
                id,
                settings,
                completed,
                imports,
                p99,
                wait,
                writerWait,
                fewest == Long.MAX_VALUE ? 0 : fewest,
                failures,
                r.passed());
    }
}
