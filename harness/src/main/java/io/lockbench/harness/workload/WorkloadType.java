package io.lockbench.harness.workload;

import static io.lockbench.harness.workload.Param.choice;
import static io.lockbench.harness.workload.Param.duration;
import static io.lockbench.harness.workload.Param.integer;

import io.lockbench.store.config.ConfigChoice;
import java.time.Duration;
import java.util.List;

/**
 * The operations a workload can repeat: whether each writes, what it needs seeded, the knobs it takes
 * (validated when the scenario loads) and the factory of its operation.
 */
public enum WorkloadType implements ConfigChoice {
    IMPORT_ARTIFACTS(
            true,
            Needs.CATALOG,
            CatalogImport::create,
            integer(
                    "artifacts",
                    100,
                    1,
                    100_000,
                    "entries imported per operation (at most seed.catalog.entries_per_source)"),
            integer("batch_size", null, 1, 1_000_000, "entries per write transaction (default: store.batch_size)"),
            duration("work_per_item", Duration.ZERO, "application work per entry inside the transaction"),
            integer("first_source", 1, 1, 10_000, "thread i imports source first_source + i (wrapping)")),
    REIMPORT_ENTRY(
            true,
            Needs.CATALOG,
            EntryReimport::create,
            duration("work", Duration.ZERO, "application work inside the transaction")),
    UPDATE_CATALOG_ENTRY(
            true,
            Needs.CATALOG,
            CatalogEntryUpdate::create,
            duration("work", Duration.ZERO, "application work inside the transaction")),
    LIST_ARTIFACTS(false, Needs.CATALOG, ArtifactList::create, integer("limit", 50, 1, 10_000, "artifacts per page")),
    UPDATE_EXECUTION(
            true,
            Needs.EXECUTIONS,
            ExecutionUpdate::create,
            duration("work", Duration.ZERO, "application work inside the transaction")),
    IMPORT_SESSIONS(
            true,
            Needs.TRANSCRIPTS,
            SessionImport::create,
            integer("files", 1, 1, 100_000, "transcript files imported per operation (at most seed.sessions.sessions)"),
            choice(
                    "mode",
                    "reread",
                    List.of("reread", "reimport"),
                    "reread: read the files again (their rows do not change); reimport: forget their rows first,"
                            + " so readers see those sessions empty and refilling")),
    LIST_SESSIONS(false, Needs.NOTHING, SessionList::create, integer("limit", 50, 1, 10_000, "sessions per page")),
    ACTIVE_SESSIONS(
            false,
            Needs.TRANSCRIPTS,
            ActiveSessionList::create,
            duration("window", Duration.ofHours(6), "activity window before the newest activity")),
    SESSION_BY_ID(false, Needs.TRANSCRIPTS, SessionLookup::create),
    SESSION_TIMELINE(
            false,
            Needs.TRANSCRIPTS,
            SessionTimelineRead::create,
            choice("bucket", "hour", List.of("minute", "hour", "day"), "bucket width")),
    GLOBAL_TIMELINE(
            false,
            Needs.TRANSCRIPTS,
            GlobalTimelineRead::create,
            choice("bucket", "day", List.of("minute", "hour", "day"), "bucket width")),
    HTTP_SESSION_TIMELINE(
            false,
            Needs.SERVER,
            HttpReads::sessionTimeline,
            choice("bucket", "hour", List.of("minute", "hour", "day"), "bucket width")),
    HTTP_GLOBAL_TIMELINE(
            false,
            Needs.SERVER,
            HttpReads::globalTimeline,
            choice("bucket", "day", List.of("minute", "hour", "day"), "bucket width")),
    HTTP_SESSIONS(false, Needs.SERVER, HttpReads::sessions, integer("limit", 50, 1, 10_000, "sessions per page")),
    NOOP(false, Needs.NOTHING, (params, context) -> caller -> true),
    /**
     * SQL of one's own, from pgbench-style scripts ({@code params.script} or {@code params.scripts});
     * its params are read by the scenario loader itself (scripts, batch_size, read_only, vars).
     */
    SQL(true, Needs.NOTHING, SqlWorkload::create);

    /** What the scenario's seed section must create before a workload of the type can run. */
    public enum Needs {
        NOTHING,
        /** seed.catalog (sources and entries). */
        CATALOG,
        /** seed.catalog with executions. */
        EXECUTIONS,
        /** seed.sessions. */
        TRANSCRIPTS,
        /** a server: section (the workload calls its HTTP API and reads what that server has). */
        SERVER
    }

    private final boolean writes;
    private final Needs needs;
    private final WorkloadFactory factory;

    @SuppressWarnings("ImmutableEnumChecker") // List.of: unmodifiable
    private final List<Param> params;

    WorkloadType(boolean writes, Needs needs, WorkloadFactory factory, Param... params) {
        this.writes = writes;
        this.needs = needs;
        this.factory = factory;
        this.params = List.of(params);
    }

    public boolean writes() {
        return writes;
    }

    public Needs needs() {
        return needs;
    }

    WorkloadFactory factory() {
        return factory;
    }

    public List<Param> params() {
        return params;
    }

    @Override
    public String configName() {
        return ConfigChoice.lower(this);
    }
}
