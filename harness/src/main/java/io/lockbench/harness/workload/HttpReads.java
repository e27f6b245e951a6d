package io.lockbench.harness.workload;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The read workloads over HTTP: the same requests and the same invariants as the in-process reads,
 * checked on the JSON a {@code lockbench serve} process answers.
 */
final class HttpReads {

    private static final String[] TOKENS = {"requests", "input", "output", "cacheCreation", "cacheRead"};

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
            return addsUp(api.get("/api/sessions/" + ApiClient.encode(id) + "/timeline?bucket=" + bucket));
        };
    }

    /** {@code http-global-timeline}: all sessions' timeline; its buckets must add up to its total. */
    static Operation globalTimeline(WorkloadParams params, RunContext context) {
        ApiClient api = context.api();
        String bucket = params.textParam("bucket");
        return caller -> addsUp(api.get("/api/timeline?bucket=" + bucket));
    }

    /** {@code http-sessions}: the first page of sessions, without duplicates and within the total. */
    static Operation sessions(WorkloadParams params, RunContext context) {
        ApiClient api = context.api();
        int limit = params.intParam("limit");
        return caller -> {
            JsonNode page = api.get("/api/sessions?limit=" + limit);
            JsonNode sessions = page.path("sessions");
            Set<String> ids = new HashSet<>();
            sessions.forEach(s -> ids.add(s.path("sessionId").asText()));
            return sessions.size() <= page.path("totalSessions").asLong() && ids.size() == sessions.size();
        };
    }

    private static List<String> sessionIds(ApiClient api) {
        List<String> ids = new ArrayList<>();
        try {
            while (true) {
                JsonNode page = api.get("/api/sessions?limit=10000&offset=" + ids.size());
                if (page.path("sessions").isEmpty()) {
                    break;
                }
                page.path("sessions").forEach(s -> ids.add(s.path("sessionId").asText()));
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

    static boolean addsUp(JsonNode timeline) {
        JsonNode total = timeline.path("total");
        for (String field : TOKENS) {
            long sum = 0;
            for (JsonNode point : timeline.path("points")) {
                sum += point.path("tokens").path(field).asLong();
            }
            if (sum != total.path(field).asLong()) {
                return false;
            }
        }
        return true;
    }
}
