package io.lockbench.harness.workload;

import io.lockbench.store.SessionStore;
import io.lockbench.store.catalog.CatalogSeed;
import io.lockbench.store.sessions.TranscriptFile;
import java.time.Instant;
import java.util.List;

/**
 * What the workloads of one run share: the open store and what the seed created (catalog size,
 * transcript files, session ids and the time range of their activity).
 */
public record RunContext(
        SessionStore store,
        CatalogSeed catalog,
        List<TranscriptFile> transcripts,
        List<String> sessionIds,
        Instant firstActivity,
        Instant lastActivity) {}
