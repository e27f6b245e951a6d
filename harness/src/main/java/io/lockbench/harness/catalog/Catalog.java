package io.lockbench.harness.catalog;

import io.lockbench.store.SessionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalog operations of the post-mortem's concurrency matrix, each shaped like the application
 * code that held the lock: import N artifacts of a source (1–5 statements per artifact, with
 * application work inside the transaction), re-import one entry, update one entry, update a workflow
 * execution with all its steps, and list a source's artifacts.
 *
 * <p>Write operations read before they write, as the ORM did, so a DEFERRED transaction shows the
 * BUSY_SNAPSHOT failure of a read-then-write upgrade. Thread-safe.
 */
public final class Catalog {

    private static final String UPSERT_ARTIFACT = """
            INSERT INTO collection_artifacts (entry_id, parent_artifact_id, name, content_hash, imported_at)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (entry_id, name) DO UPDATE SET
              content_hash = excluded.content_hash, imported_at = excluded.imported_at,
              import_count = collection_artifacts.import_count + 1
            RETURNING artifact_id""";

    private static final String MARK_IMPORTED = """
            UPDATE catalog_entries SET status = 'imported', revision = revision + 1, updated_at = ?
            WHERE entry_id = ?""";

    private static final String RECOUNT_SOURCE = """
            UPDATE marketplace_sources SET
              artifact_count = (SELECT count(*) FROM collection_artifacts a JOIN catalog_entries e USING (entry_id)
                                WHERE e.source_id = marketplace_sources.source_id),
              last_import_at = ?, import_status = ?
            WHERE source_id = ?""";

    private final SessionStore store;

    /** The catalog in {@code store}'s database (its tables are part of the store's schema). */
    public Catalog(SessionStore store) {
        this.store = store;
    }

    /** Creates the sources, entries, executions and steps of {@code seed}; seeding twice changes nothing. */
    public void seed(CatalogSeed seed) throws SQLException {
        long now = System.currentTimeMillis();
        store.write(c -> {
            try (PreparedStatement source = c.prepareStatement(
                            "INSERT INTO marketplace_sources (source_id, name, url) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
                    PreparedStatement entry = c.prepareStatement("""
                         INSERT INTO catalog_entries
                           (entry_id, source_id, name, artifact_type, version, description, child_count, updated_at)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""");
                    PreparedStatement execution = c.prepareStatement("""
                         INSERT INTO workflow_executions (execution_id, workflow_name, status, step_count, updated_at)
                         VALUES (?, ?, 'pending', ?, ?) ON CONFLICT DO NOTHING""");
                    PreparedStatement step = c.prepareStatement("""
                         INSERT INTO workflow_steps (execution_id, step_no, status, updated_at)
                         VALUES (?, ?, 'pending', ?) ON CONFLICT DO NOTHING""")) {
                String[] types = {"skill", "command", "agent", "hook", "mcp-server"};
                for (int s = 1; s <= seed.sources(); s++) {
                    String name = String.format(Locale.ROOT, "source-%03d", s);
                    source.setLong(1, s);
                    source.setString(2, name);
                    source.setString(3, "https://marketplace.example/" + name);
                    source.addBatch();
                    for (int i = 0; i < seed.entriesPerSource(); i++) {
                        entry.setLong(1, entryId(seed, s, i));
                        entry.setLong(2, s);
                        entry.setString(3, String.format(Locale.ROOT, "artifact-%05d", i));
                        entry.setString(4, types[i % types.length]);
                        entry.setString(5, "1." + (i % 10) + ".0");
                        entry.setString(6, "Entry " + i + " of " + name);
                        entry.setInt(7, CatalogSeed.childCount(i));
                        entry.setLong(8, now);
                        entry.addBatch();
                    }
                }
                source.executeBatch();
                entry.executeBatch();
                for (int e = 1; e <= seed.executions(); e++) {
                    execution.setLong(1, e);
                    execution.setString(2, "workflow-" + (e % 7));
                    execution.setInt(3, seed.stepsPerExecution());
                    execution.setLong(4, now);
                    execution.addBatch();
                    for (int n = 1; n <= seed.stepsPerExecution(); n++) {
                        step.setLong(1, e);
                        step.setInt(2, n);
                        step.setLong(3, now);
                        step.addBatch();
                    }
                }
                execution.executeBatch();
                step.executeBatch();
            }
            return null;
        });
    }

    /** Entry ids are dense per source, so workloads can pick one without a query. */
    public static long entryId(CatalogSeed seed, int sourceId, int index) {
        return (long) (sourceId - 1) * seed.entriesPerSource() + index + 1;
    }

    /**
     * Imports the first {@code artifacts} entries of a source, {@code batchSize} entries per write
     * transaction ({@code batchSize >= artifacts} is the single long transaction of the post-mortem).
     * Each entry costs 2–5 statements: its artifact, up to three child artifacts, and its status; then
     * {@code workPerItem} of application work, inside the transaction. Every transaction also
     * recounts the source, so the stored count always matches the artifacts of the same snapshot.
     */
    public ImportResult importArtifacts(long sourceId, int artifacts, int batchSize, Duration workPerItem)
            throws SQLException {
        if (artifacts < 1 || batchSize < 1) {
            throw new IllegalArgumentException("artifacts and batch size must be positive");
        }
        List<long[]> entries = store.read(r -> r.list(
                "SELECT entry_id, child_count FROM catalog_entries WHERE source_id = :source ORDER BY entry_id LIMIT :limit",
                Map.of("source", sourceId, "limit", artifacts),
                (rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}));
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(
                    "source " + sourceId + " has no catalog entries; seed the catalog first");
        }
        long statements = 0;
        int transactions = 0;
        for (int from = 0; from < entries.size(); from += batchSize) {
            List<long[]> batch = entries.subList(from, Math.min(entries.size(), from + batchSize));
            boolean last = from + batchSize >= entries.size();
            statements += store.write(c -> {
                long executed = 0;
                try (PreparedStatement artifact = c.prepareStatement(UPSERT_ARTIFACT);
                        PreparedStatement mark = c.prepareStatement(MARK_IMPORTED);
                        PreparedStatement recount = c.prepareStatement(RECOUNT_SOURCE)) {
                    for (long[] entry : batch) {
                        executed += importEntry(artifact, mark, entry[0], (int) entry[1]);
                        pause(workPerItem);
                    }
                    recount.setLong(1, System.currentTimeMillis());
                    recount.setString(2, last ? "imported" : "importing");
                    recount.setLong(3, sourceId);
                    recount.executeUpdate();
                }
                return executed + 1;
            });
            transactions++;
        }
        return new ImportResult(entries.size(), statements, transactions);
    }

    /** Upserts the artifact of one entry and its children, then marks the entry; returns statements run. */
    private static int importEntry(PreparedStatement artifact, PreparedStatement mark, long entryId, int children)
            throws SQLException {
        long now = System.currentTimeMillis();
        long parent = upsertArtifact(artifact, entryId, null, "main", now);
        for (int child = 1; child <= children; child++) {
            upsertArtifact(artifact, entryId, parent, "child-" + child, now);
        }
        mark.setLong(1, now);
        mark.setLong(2, entryId);
        mark.executeUpdate();
        return 2 + children;
    }

    private static long upsertArtifact(PreparedStatement artifact, long entryId, Long parent, String name, long now)
            throws SQLException {
        artifact.setLong(1, entryId);
        if (parent == null) {
            artifact.setNull(2, Types.BIGINT);
        } else {
            artifact.setLong(2, parent);
        }
        artifact.setString(3, name);
        artifact.setString(4, Long.toHexString(entryId * 31 + now));
        artifact.setLong(5, now);
        try (ResultSet rs = artifact.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Re-imports one entry in one transaction: reads it, does {@code work} of application processing,
     * upserts its artifacts, marks it and recounts its source.
     */
    public void reimportEntry(long entryId, Duration work) throws SQLException {
        store.write(c -> {
            long[] entry = entry(c, "SELECT source_id, child_count FROM catalog_entries WHERE entry_id = ?", entryId);
            pause(work);
            try (PreparedStatement artifact = c.prepareStatement(UPSERT_ARTIFACT);
                    PreparedStatement mark = c.prepareStatement(MARK_IMPORTED);
                    PreparedStatement recount = c.prepareStatement(RECOUNT_SOURCE)) {
                importEntry(artifact, mark, entryId, (int) entry[1]);
                recount.setLong(1, System.currentTimeMillis());
                recount.setString(2, "imported");
                recount.setLong(3, entry[0]);
                recount.executeUpdate();
            }
            return null;
        });
    }

    /** Reads an entry's revision, does {@code work}, then writes a new description and revision. */
    public void updateEntry(long entryId, String description, Duration work) throws SQLException {
        store.write(c -> {
            long[] entry = entry(c, "SELECT revision, 0 FROM catalog_entries WHERE entry_id = ?", entryId);
            pause(work);
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE catalog_entries SET description = ?, revision = ?, updated_at = ? WHERE entry_id = ?")) {
                update.setString(1, description);
                update.setLong(2, entry[0] + 1);
                update.setLong(3, System.currentTimeMillis());
                update.setLong(4, entryId);
                update.executeUpdate();
            }
            return null;
        });
    }

    /**
     * Moves a workflow execution one step on: reads it, does {@code work}, then updates the execution
     * row and every step row in one transaction, as the workflow API's atomic state change does.
     * Returns the number of rows written.
     */
    public int updateExecution(long executionId, Duration work) throws SQLException {
        return store.write(c -> {
            long[] execution = entry(
                    c,
                    "SELECT step_count, completed_steps FROM workflow_executions WHERE execution_id = ?",
                    executionId);
            int steps = (int) execution[0];
            int completed = (int) ((execution[1] + 1) % (steps + 1));
            pause(work);
            long now = System.currentTimeMillis();
            int rows = 0;
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE workflow_executions SET status = ?, completed_steps = ?, revision = revision + 1, updated_at = ?
                    WHERE execution_id = ?""");
                    PreparedStatement step = c.prepareStatement("""
                         UPDATE workflow_steps SET status = ?, revision = revision + 1, updated_at = ?
                         WHERE execution_id = ? AND step_no = ?""")) {
                update.setString(1, completed == steps ? "completed" : "running");
                update.setInt(2, completed);
                update.setLong(3, now);
                update.setLong(4, executionId);
                rows += update.executeUpdate();
                for (int n = 1; n <= steps; n++) {
                    step.setString(1, n <= completed ? "done" : n == completed + 1 ? "running" : "pending");
                    step.setLong(2, now);
                    step.setLong(3, executionId);
                    step.setInt(4, n);
                    rows += step.executeUpdate();
                }
            }
            return rows;
        });
    }

    /** A page of a source's artifacts with the source's stored count and the counted artifacts, from one request. */
    public ArtifactPage listArtifacts(long sourceId, int limit) {
        return store.read(r -> {
            long stored = r.first(
                            "SELECT artifact_count FROM marketplace_sources WHERE source_id = :source",
                            Map.of("source", sourceId),
                            (rs, ctx) -> rs.getLong(1))
                    .orElse(0L);
            List<ArtifactPage.Artifact> artifacts = new ArrayList<>(r.list(
                    """
                    SELECT a.artifact_id, a.entry_id, a.name, a.content_hash, a.import_count
                    FROM catalog_entries e JOIN collection_artifacts a USING (entry_id)
                    WHERE e.source_id = :source ORDER BY a.artifact_id LIMIT :limit""",
                    Map.of("source", sourceId, "limit", limit),
                    (rs, ctx) -> new ArtifactPage.Artifact(
                            rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getInt(5))));
            long counted = r.first("""
                    SELECT count(*) FROM catalog_entries e JOIN collection_artifacts a USING (entry_id)
                    WHERE e.source_id = :source""", Map.of("source", sourceId), (rs, ctx) -> rs.getLong(1))
                    .orElse(0L);
            return new ArtifactPage(sourceId, stored, counted, List.copyOf(artifacts));
        });
    }

    private static long[] entry(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no row with id " + id + "; seed the catalog first");
                }
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    /** Application work inside a transaction. */
    static void pause(Duration work) {
        ApplicationWork.perform(work);
    }
}
