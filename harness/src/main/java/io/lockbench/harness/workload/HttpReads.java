package io.lockbench.harness.workload;

import io.lockbench.store.query.SessionPage;
import io.lockbench.store.query.TokenTimeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The read workloads over HTTP: the same requests as the in-process reads, and the same invariants
 * ({@link TokenTimeline#isConsistent}, {@link SessionPage#listsEachSessionOnceWithinTotal}) checked on
 * what a {@code lockbench serve} process answers, read back into the store's records.
 */
final class HttpReads {

    private HttpReads() {}

    /**
     * {@code http-session-timeline}: a random session's timeline; its buckets must add up to its total.
     * The sessions are the server's own (listed once, before the run), so a server started elsewhere
     * works as well as the run's.
     */
    static Operation sessionTimeline(WorkloadParams params, RunContext context) {
        ApiClient api = context.api();
        List<String> ids = sessionIds(api);
        String bucket = params.textParam("bucket");
        return caller -> {
            String id = ids.get(caller.random().nextInt(ids.size()));
            return api.get("/api/sessions/" + ApiClient.encode(id) + "/timeline?bucket=" + bucket, TokenTimeline.class)
                    .isConsistent();
        };
    }

    /** {@code http-global-timeline}: all sessions' timeline; its buckets must add up to its total. */
    static Operation globalTimeline(WorkloadParams params, RunContext context) {
        ApiClient api = context.api();
        String bucket = params.textParam("bucket");
        return caller ->
                api.get("/api/timeline?bucket=" + bucket, TokenTimeline.class).isConsistent();
    }

    /** {@code http-sessions}: the first page of sessions, without duplicates and within the total. */
    static Operation sessions(WorkloadParams params, RunContext context) {
        ApiClient api = context.api();
        int limit = params.intParam("limit");
        return caller ->
                api.get("/api/sessions?limit=" + limit, SessionPage.class).listsEachSessionOnceWithinTotal();
    }

    private static List<String> sessionIds(ApiClient api) {
        List<String> ids = new ArrayList<>();
        try {
            while (true) {
                SessionPage page = api.get("/api/sessions?limit=10000&offset=" + ids.size(), SessionPage.class);
                if (page.sessions().isEmpty()) {
                    break;
                }
                page.sessions().forEach(s -> ids.add(s.sessionId()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the sessions of the server at " + api.base(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the sessions of the server", e);
        }
        if (ids.isEmpty()) {
            throw new IllegalStateException("the server at " + api.base() + " has no sessions to read timelines of");
        }
        return List.copyOf(ids);
    }
}
