package io.lockbench.harness.scenario;

import static io.lockbench.harness.scenario.Param.choice;
import static io.lockbench.harness.scenario.Param.duration;
import static io.lockbench.harness.scenario.Param.integer;

import io.lockbench.store.config.ConfigChoice;
import java.time.Duration;
import java.util.List;

/** The operations a workload can repeat, with the knobs each one takes. */
public enum WorkloadType implements ConfigChoice {
    IMPORT_ARTIFACTS(
            true,
            integer("artifacts", 100, 1, 100_000, "entries imported per operation"),
            integer("batch_size", null, 1, 1_000_000, "entries per write transaction (default: store.batch_size)"),
            duration("work_per_item", Duration.ZERO, "application work per entry inside the transaction"),
            integer("first_source", 1, 1, 10_000, "thread i imports source first_source + i (wrapping)")),
    REIMPORT_ENTRY(true, duration("work", Duration.ZERO, "application work inside the transaction")),
    UPDATE_CATALOG_ENTRY(true, duration("work", Duration.ZERO, "application work inside the transaction")),
    LIST_ARTIFACTS(false, integer("limit", 50, 1, 10_000, "artifacts per page")),
    UPDATE_EXECUTION(true, duration("work", Duration.ZERO, "application work inside the transaction")),
    IMPORT_SESSIONS(true, integer("files", 1, 1, 100_000, "transcript files imported per operation")),
    LIST_SESSIONS(false, integer("limit", 50, 1, 10_000, "sessions per page")),
    ACTIVE_SESSIONS(false, duration("window", Duration.ofHours(6), "activity window before the newest activity")),
    SESSION_BY_ID(false),
    SESSION_TIMELINE(false, choice("bucket", "hour", List.of("minute", "hour", "day"), "bucket width")),
    GLOBAL_TIMELINE(false, choice("bucket", "day", List.of("minute", "hour", "day"), "bucket width")),
    NOOP(false);

    private final boolean writes;

    @SuppressWarnings("ImmutableEnumChecker") // List.of: unmodifiable
    private final List<Param> params;

    WorkloadType(boolean writes, Param... params) {
        this.writes = writes;
        this.params = List.of(params);
    }

    public boolean writes() {
        return writes;
    }

    public List<Param> params() {
        return params;
    }

    @Override
    public String configName() {
        return ConfigChoice.lower(this);
    }
}
