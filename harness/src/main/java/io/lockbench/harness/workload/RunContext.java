package io.lockbench.harness.workload;

import io.lockbench.harness.catalog.CatalogSeed;
import io.lockbench.store.SessionStore;
import io.lockbench.store.transcript.TranscriptFile;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * What the workloads of one run share: the open store, what the seed created (catalog size,
 * transcript files, session ids and the time range of their activity), and the API of the run's
 * server when the scenario has one ({@code null} otherwise).
 */
public record RunContext(
        SessionStore store,
        CatalogSeed catalog,
        List<TranscriptFile> transcripts,
        List<String> sessionIds,
        Instant firstActivity,
        Instant lastActivity,
        ApiClient api) {

    /** This context with the API of the server at {@code url} ({@code null}: none). */
    public RunContext withApi(URI url) {
        return new RunContext(
                store,
                catalog,
                transcripts,
                sessionIds,
                firstActivity,
                lastActivity,
                url == null ? null : new ApiClient(url));
    }
}
