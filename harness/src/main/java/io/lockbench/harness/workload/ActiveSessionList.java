package io.lockbench.harness.workload;

import io.lockbench.store.query.SessionSummary;
import java.time.Instant;
import java.util.List;

/** {@code active-sessions}: sessions active in a window before the newest seeded activity. */
final class ActiveSessionList {

    private ActiveSessionList() {}

    static Operation create(WorkloadParams params, RunContext context) {
        Instant since = context.lastActivity().minus(params.durationParam("window"));
        return caller -> {
            List<SessionSummary> active = context.store().queries().activeSessions(since);
            return active.stream()
                    .allMatch(s -> s.lastActivity() == null || !s.lastActivity().isBefore(since));
        };
    }
}
