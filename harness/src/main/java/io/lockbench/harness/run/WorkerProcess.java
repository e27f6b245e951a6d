package io.lockbench.harness.run;

import io.lockbench.harness.json.Json;
import io.lockbench.harness.results.Metric;
import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.scenario.WorkloadSpec;
import io.lockbench.store.Database;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * A workload's threads in a separate JVM on the same database file: the shape of a command-line
 * importer running beside an API server. The child is {@code lockbench worker}, started with this
 * JVM's class path; it reloads the scenario (with the same overrides), waits for the common start
 * time, runs its share of the workload and writes a {@link WorkerReport} that is merged here.
 */
final class WorkerProcess {

    /** Time given to worker JVMs to start and open the store before the run begins. */
    static final long STARTUP_ALLOWANCE_MS = 4000;

    private final Process process;
    private final Path report;
    private final Path log;
    private final WorkloadSpec spec;
    private final int index;

    private WorkerProcess(Process process, Path report, Path log, WorkloadSpec spec, int index) {
        this.process = process;
        this.report = report;
        this.log = log;
        this.spec = spec;
        this.index = index;
    }

    static WorkerProcess start(
            Scenario scenario,
            WorkloadSpec spec,
            int index,
            Database.HandOver database,
            Path corpusRoot,
            long startEpochMs,
            Path resultsDir,
            URI serverUrl)
            throws IOException {
        Path dir = resultsDir.resolve("workers");
        Files.createDirectories(dir);
        Path report = dir.resolve(spec.name() + "-" + index + ".json");
        Path log = dir.resolve(spec.name() + "-" + index + ".log");
        List<String> command = LockbenchJvm.command(
                "worker",
                "--scenario",
                scenario.file().toString(),
                "--workload",
                spec.name(),
                "--process",
                Integer.toString(index),
                "--start-at",
                Long.toString(startEpochMs),
                "--report",
                report.toString());
        if (corpusRoot != null) {
            command.add("--corpus");
            command.add(corpusRoot.toString());
        }
        if (serverUrl != null) {
            command.add("--server-url");
            command.add(serverUrl.toString());
        }
        // A PostgreSQL URL may carry a password, and any user can read a process's command line: the
        // run's database goes through the environment, which only the owner can read, and a URL
        // override is left out (the worker is handed the run's own URL anyway).
        command.addAll(database.arguments());
        for (String override : scenario.overrides()) {
            if (!LockbenchJvm.isUrlOverride(override)) {
                command.add("--set");
                command.add(override);
            }
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(database.environment());
        Process process =
                builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new WorkerProcess(process, report, log, spec, index);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Ends the worker at once, waiting briefly for it to go: the run failed and nothing will be collected. */
    void kill() {
        try {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the worker to stop (it finishes the operation in progress and reports). */
    void stop() {
        process.destroy();
    }

    /**
     * Waits for the worker, merges its report into {@code w} and returns the number of its threads
     * that did not stop (a worker that had to be killed or sent no report counts all of them).
     */
    int collect(ScenarioRunner.Running w, long startNanos, long startEpochMs) throws IOException {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!Files.exists(report)) {
            String tail = Files.exists(log) ? Files.readString(log).strip() : "";
            String last = tail.isEmpty() ? "no output" : tail.substring(tail.lastIndexOf('\n') + 1);
            w.metrics.workerFailed("worker " + spec.name() + "#" + index + " exited " + process.exitValue()
                    + " without a report: " + last);
            return spec.threads();
        }
        WorkerReport r = Json.MAPPER.readValue(report.toFile(), WorkerReport.class);
        w.metrics.absorb(r);
        for (Map.Entry<String, String> e : r.histograms().entrySet()) {
            Metric metric = Metric.fromLabel(e.getKey());
            try {
                w.totals
                        .get(metric)
                        .add(Histogram.decodeFromCompressedByteBuffer(
                                ByteBuffer.wrap(Base64.getDecoder().decode(e.getValue())), 1));
            } catch (DataFormatException ex) {
                throw new IOException("worker report " + report + " has a damaged " + e.getKey() + " histogram", ex);
            }
        }
        for (int t = 0; t < r.finishedEpochMs().size(); t++) {
            long finished = r.finishedEpochMs().get(t);
            w.finishedAt[index * spec.threads() + t] =
                    startNanos + TimeUnit.MILLISECONDS.toNanos(finished - startEpochMs);
        }
        return r.threadsLeftRunning();
    }

    static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }
}
