package io.lockbench.harness.scenario;

import io.lockbench.harness.catalog.CatalogSeed;
import io.lockbench.harness.sql.SqlScript;
import io.lockbench.store.config.StoreConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A validated scenario: the store configuration (its path is chosen per run), the data to seed, run
 * settings, the workloads and the HTTP server they may call. Immutable.
 */
public record Scenario(
        String name,
        String description,
        Path file,
        StoreConfig store,
        Seed seed,
        RunSettings run,
        List<WorkloadSpec> workloads,
        Server server,
        List<String> overrides,
        OwnTables ownTables) {

    /**
     * The {@code lockbench serve} process the HTTP workloads call: one the run starts on the run's
     * database, on a free loopback port ({@code start}), or one already running at {@code url}.
     * {@code null} in a scenario without a server section.
     */
    public record Server(boolean start, URI url) {}

    /** Data created before the workloads start; either part may be absent. */
    public record Seed(CatalogSeed catalog, SessionCorpus sessions, SqlFill sql) {}

    /** {@code seed.sql}: a script run {@code executions} times, in batches, before the measured window. */
    public record SqlFill(SqlScript script, int executions) {}

    /**
     * The run's database holds tables of the user's own instead of lockbench's: created from
     * {@code schema} (a SQL file), or a copy of the SQLite database {@code from}, or both (the schema
     * run on the copy). Null fields are absent.
     */
    public record OwnTables(Path schema, Path from) {}

    /** A generated transcript corpus, imported before the run and available to import-sessions. */
    public record SessionCorpus(int sessions, int turns, long seed) {}

    /**
     * {@code duration}: how long workloads without an own duration run; {@code warmup}: operations
     * started earlier are run but not recorded; {@code sampleInterval}: histogram log and WAL sampling
     * period; {@code timeLimit}: a run still going after this is stopped and fails. With
     * {@code minOperations > 0} those workloads run past {@code duration} until each has that many
     * measured operations, but never past {@code maxDuration}: a run that is to be compared with others
     * then rests on enough operations of every workload, however slow the machine is that day.
     */
    public record RunSettings(
            Duration duration,
            Duration warmup,
            Duration sampleInterval,
            Duration timeLimit,
            int minOperations,
            Duration maxDuration) {

        /** How long a workload without an own duration may run: {@code maxDuration} when it waits for operations. */
        public Duration workloadDuration() {
            return minOperations > 0 ? maxDuration : duration;
        }
    }
}
