package io.lockbench.harness.workload;

import io.lockbench.harness.scenario.ScenarioException;
import io.lockbench.harness.scenario.WorkloadSpec;
import io.lockbench.store.SessionStore;
import io.lockbench.store.catalog.ArtifactPage;
import io.lockbench.store.catalog.Catalog;
import io.lockbench.store.catalog.CatalogSeed;
import io.lockbench.store.catalog.ImportResult;
import io.lockbench.store.config.ConfigChoice;
import io.lockbench.store.lock.LockTrace;
import io.lockbench.store.sessions.Bucket;
import io.lockbench.store.sessions.ImportOptions;
import io.lockbench.store.sessions.ImportReport;
import io.lockbench.store.sessions.SessionPage;
import io.lockbench.store.sessions.SessionSummary;
import io.lockbench.store.sessions.TokenTimeline;
import io.lockbench.store.sessions.TranscriptFile;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds the operation of each workload type. Write operations describe themselves to the running
 * {@link LockTrace} (batch size, rows) for the slow-wait warning; reads check an invariant of what
 * they return.
 */
public final class Workloads {

    private Workloads() {}

    public static Operation create(WorkloadSpec spec, RunContext context) {
        SessionStore store = context.store();
        Catalog catalog = store.catalog();
        return switch (spec.type()) {
            case IMPORT_ARTIFACTS -> {
                CatalogSeed seed = needCatalog(spec, context);
                int artifacts = Math.min(spec.intParam("artifacts"), seed.entriesPerSource());
                Integer batch = spec.optionalIntParam("batch_size");
                int batchSize = batch != null ? batch : store.config().batchSize();
                Duration work = spec.durationParam("work_per_item");
                int first = spec.intParam("first_source");
                yield caller -> {
                    long source = 1L + (first - 1 + caller.thread()) % seed.sources();
                    describe(batchSize, artifacts);
                    ImportResult result = catalog.importArtifacts(source, artifacts, batchSize, work);
                    describe(batchSize, result.statements());
                    return true;
                };
            }
            case REIMPORT_ENTRY -> {
                CatalogSeed seed = needCatalog(spec, context);
                Duration work = spec.durationParam("work");
                yield caller -> {
                    catalog.reimportEntry(randomEntry(seed, caller), work);
                    return true;
                };
            }
            case UPDATE_CATALOG_ENTRY -> {
                CatalogSeed seed = needCatalog(spec, context);
                Duration work = spec.durationParam("work");
                yield caller -> {
                    catalog.updateEntry(
                            randomEntry(seed, caller), "edited by " + spec.name() + " #" + caller.iteration(), work);
                    return true;
                };
            }
            case LIST_ARTIFACTS -> {
                CatalogSeed seed = needCatalog(spec, context);
                int limit = spec.intParam("limit");
                yield caller -> {
                    ArtifactPage page =
                            catalog.listArtifacts(1 + caller.random().nextInt(seed.sources()), limit);
                    return page.isConsistent();
                };
            }
            case UPDATE_EXECUTION -> {
                CatalogSeed seed = needCatalog(spec, context);
                if (seed.executions() == 0) {
                    throw new ScenarioException(
                            null, "workloads." + spec.name(), "update-execution needs seed.catalog.executions > 0");
                }
                Duration work = spec.durationParam("work");
                yield caller -> {
                    int rows = catalog.updateExecution(1 + caller.random().nextInt(seed.executions()), work);
                    describe(1, rows);
                    return true;
                };
            }
            case IMPORT_SESSIONS -> {
                List<TranscriptFile> files = needTranscripts(spec, context);
                int perOperation = Math.min(spec.intParam("files"), files.size());
                AtomicLong next = new AtomicLong();
                ImportOptions options = ImportOptions.defaults().withIncremental(false);
                yield caller -> {
                    int from = (int) (next.getAndAdd(perOperation) % files.size());
                    List<TranscriptFile> picked = new java.util.ArrayList<>(perOperation);
                    for (int i = 0; i < perOperation; i++) {
                        picked.add(files.get((from + i) % files.size()));
                    }
                    describe(store.config().batchSize(), 0);
                    ImportReport report = store.importer().importFiles(picked, options);
                    describe(store.config().batchSize(), report.recordsImported());
                    return true;
                };
            }
            case LIST_SESSIONS -> {
                int limit = spec.intParam("limit");
                yield caller -> {
                    SessionPage page = store.queries().listSessions(0, limit);
                    Set<String> ids = new HashSet<>();
                    page.sessions().forEach(s -> ids.add(s.sessionId()));
                    return page.sessions().size() <= page.totalSessions()
                            && ids.size() == page.sessions().size();
                };
            }
            case ACTIVE_SESSIONS -> {
                needTranscripts(spec, context);
                Instant since = context.lastActivity().minus(spec.durationParam("window"));
                yield caller -> {
                    List<SessionSummary> active = store.queries().activeSessions(since);
                    return active.stream()
                            .allMatch(s -> s.lastActivity() == null
                                    || !s.lastActivity().isBefore(since));
                };
            }
            case SESSION_BY_ID -> {
                List<String> ids = needSessions(spec, context);
                yield caller -> store.queries()
                        .session(ids.get(caller.random().nextInt(ids.size())))
                        .isPresent();
            }
            case SESSION_TIMELINE -> {
                List<String> ids = needSessions(spec, context);
                Bucket bucket = ConfigChoice.parse(Bucket.class, "bucket", spec.textParam("bucket"));
                yield caller -> {
                    Optional<TokenTimeline> timeline = store.queries()
                            .sessionTimeline(ids.get(caller.random().nextInt(ids.size())), bucket);
                    return timeline.isPresent() && timeline.get().isConsistent();
                };
            }
            case GLOBAL_TIMELINE -> {
                needTranscripts(spec, context);
                Bucket bucket = ConfigChoice.parse(Bucket.class, "bucket", spec.textParam("bucket"));
                long day = Bucket.DAY.millis();
                Instant from = Instant.ofEpochMilli(
                        Math.floorDiv(context.firstActivity().toEpochMilli(), day) * day);
                Instant to = Instant.ofEpochMilli(
                        (Math.floorDiv(context.lastActivity().toEpochMilli(), day) + 1) * day);
                yield caller -> store.queries().globalTimeline(bucket, from, to).isConsistent();
            }
            case NOOP -> caller -> true;
        };
    }

    private static void describe(int batchSize, long rows) {
        LockTrace trace = LockTrace.current();
        if (trace != null) {
            trace.describe(batchSize, rows);
        }
    }

    private static long randomEntry(CatalogSeed seed, Operation.Caller caller) {
        return Catalog.entryId(
                seed,
                1 + caller.random().nextInt(seed.sources()),
                caller.random().nextInt(seed.entriesPerSource()));
    }

    private static CatalogSeed needCatalog(WorkloadSpec spec, RunContext context) {
        if (context.catalog() == null
                || context.catalog().sources() == 0
                || context.catalog().entriesPerSource() == 0) {
            throw new ScenarioException(
                    null,
                    "workloads." + spec.name(),
                    spec.type().configName()
                            + " needs a catalog: add seed.catalog with sources and entries_per_source");
        }
        return context.catalog();
    }

    private static List<TranscriptFile> needTranscripts(WorkloadSpec spec, RunContext context) {
        if (context.transcripts().isEmpty()) {
            throw new ScenarioException(
                    null,
                    "workloads." + spec.name(),
                    spec.type().configName() + " needs transcripts: add seed.sessions with sessions and turns");
        }
        return context.transcripts();
    }

    private static List<String> needSessions(WorkloadSpec spec, RunContext context) {
        needTranscripts(spec, context);
        return context.sessionIds();
    }
}
