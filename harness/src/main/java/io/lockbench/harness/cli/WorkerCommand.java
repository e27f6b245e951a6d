package io.lockbench.harness.cli;

import io.lockbench.harness.run.LockbenchJvm;
import io.lockbench.harness.run.ProcessWorker;
import io.lockbench.harness.scenario.ScenarioLoader;
import io.lockbench.store.config.InvalidConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lockbench worker}: one worker process of a multi-process workload, started by {@code run}. */
@Command(name = "worker", hidden = true, description = "Internal: runs one process's share of a workload for 'run'.")
final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--scenario", required = true)
    Path scenario;

    @Option(names = "--workload", required = true)
    String workload;

    @Option(names = "--process", required = true)
    int process;

    @Option(
            names = "--db",
            description = "The run's SQLite file; a PostgreSQL URL comes in the environment (LOCKBENCH_RUN_DB),"
                    + " where no other user can read its password.")
    String database;

    @Option(names = "--corpus")
    Path corpus;

    @Option(names = "--start-at", required = true, description = "Common start time, epoch milliseconds.")
    long startEpochMs;

    @Option(names = "--report", required = true)
    Path report;

    @Option(names = "--server-url", description = "The run's lockbench serve API, for HTTP workloads.")
    URI serverUrl;

    @Option(names = "--set")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        String location = database != null ? database : System.getenv(LockbenchJvm.RUN_DATABASE_ENV);
        if (location == null || location.isBlank()) {
            throw new InvalidConfigException(
                    "db", "give --db or set " + LockbenchJvm.RUN_DATABASE_ENV + " (run starts workers this way)");
        }
        ProcessWorker.run(
                ScenarioLoader.load(scenario, overrides),
                workload,
                process,
                location,
                corpus,
                serverUrl,
                startEpochMs,
                report);
        return LockbenchCommand.OK;
    }
}
