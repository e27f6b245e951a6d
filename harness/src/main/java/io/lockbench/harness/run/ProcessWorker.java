package io.lockbench.harness.run;

import io.lockbench.harness.json.Json;
import io.lockbench.harness.results.Metric;
import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.scenario.ScenarioException;
import io.lockbench.harness.scenario.WorkloadSpec;
import io.lockbench.harness.workload.RunContext;
import io.lockbench.harness.workload.Workloads;
import io.lockbench.store.Database;
import io.lockbench.store.SessionStore;
import io.lockbench.store.config.StoreConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;

/**
 * The child side of {@link WorkerProcess}: runs one process's share of a workload against an
 * already seeded database and writes its report. Stops early (finishing the operation in progress)
 * when the parent terminates it.
 */
public final class ProcessWorker {

    private ProcessWorker() {}

    public static void run(
            Scenario scenario,
            String workload,
            int process,
            String database,
            Path corpusRoot,
            URI serverUrl,
            long startEpochMs,
            Path reportFile)
            throws IOException, SQLException {
        WorkloadSpec spec = scenario.workloads().stream()
                .filter(w -> w.name().equals(workload))
                .findFirst()
                .orElseThrow(() -> new ScenarioException(null, "--workload", "no workload named " + workload));
        StoreConfig config = Database.of(scenario.store()).at(database);
        ScenarioRunner runner = new ScenarioRunner(scenario, new ScenarioRunner.Options(null, null, null, null, true));
        try (SessionStore store = ScenarioRunner.open(scenario, config)) {
            RunContext context =
                    ScenarioRunner.context(store, scenario, corpusRoot).withApi(serverUrl);
            ScenarioRunner.Running w = new ScenarioRunner.Running(spec, Workloads.create(spec.type(), spec, context));
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch reported = new CountDownLatch(1);
            // Terminated by the parent: stop the loops and hold the JVM open until the report is written.
            Thread stopper = new Thread(() -> {
                stop.set(true);
                try {
                    reported.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(stopper);
            long startNanos =
                    System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startEpochMs - System.currentTimeMillis());
            w.threads.addAll(runner.threads(store, w, process, startNanos, stop));
            w.threads.forEach(Thread::start);
            long overdue = ScenarioRunner.overdue(WorkloadLoop.end(scenario, spec, startNanos), startNanos);
            long limit = Math.min(startNanos + scenario.run().timeLimit().toNanos(), overdue);
            for (Thread t : w.threads) {
                ScenarioRunner.join(t, limit);
            }
            // Past the end and its grace, operations still running are cut short at once, as in the parent.
            int left = ScenarioRunner.stopAll(
                    List.of(w), stop, System.nanoTime() >= overdue ? 0 : ScenarioRunner.STOP_PATIENCE_NANOS);
            if (runner.eventThreads != null) {
                runner.eventThreads.write();
            }
            for (Metric metric : Metric.values()) {
                w.totals.get(metric).add(w.metrics.interval(metric));
            }
            List<Long> finished = new ArrayList<>();
            long nowNanos = System.nanoTime();
            long nowEpoch = System.currentTimeMillis();
            for (int t = 0; t < spec.threads(); t++) {
                long at = w.finishedAt[process * spec.threads() + t];
                finished.add(at == 0 ? nowEpoch : nowEpoch - TimeUnit.NANOSECONDS.toMillis(nowNanos - at));
            }
            Map<Metric, Histogram> totals = w.totals;
            Path partial = reportFile.resolveSibling(reportFile.getFileName() + ".tmp");
            Json.MAPPER.writeValue(partial.toFile(), w.metrics.report(totals, finished, left));
            Files.move(partial, reportFile, StandardCopyOption.ATOMIC_MOVE);
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the parent asked us to stop; the report is written
            }
        }
    }
}
