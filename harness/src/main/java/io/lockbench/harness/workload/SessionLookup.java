package io.lockbench.harness.workload;

import java.util.List;

/** {@code session-by-id}: one random seeded session, which must be found. */
final class SessionLookup {

    private SessionLookup() {}

    static Operation create(WorkloadParams params, RunContext context) {
        List<String> ids = context.sessionIds();
        return caller -> context.store()
                .queries()
                .session(ids.get(caller.random().nextInt(ids.size())))
                .isPresent();
    }
}
