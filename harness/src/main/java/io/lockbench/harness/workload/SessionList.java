package io.lockbench.harness.workload;

import io.lockbench.store.sessions.SessionPage;
import java.util.HashSet;
import java.util.Set;

/** {@code list-sessions}: the first page of sessions, without duplicates and within the total. */
final class SessionList {

    private SessionList() {}

    static Operation create(WorkloadParams params, RunContext context) {
        int limit = params.intParam("limit");
        return caller -> {
            SessionPage page = context.store().queries().listSessions(0, limit);
            Set<String> ids = new HashSet<>();
            page.sessions().forEach(s -> ids.add(s.sessionId()));
            return page.sessions().size() <= page.totalSessions()
                    && ids.size() == page.sessions().size();
        };
    }
}
