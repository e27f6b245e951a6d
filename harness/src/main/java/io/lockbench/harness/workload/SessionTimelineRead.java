package io.lockbench.harness.workload;

import io.lockbench.store.config.ConfigChoice;
import io.lockbench.store.query.Bucket;
import io.lockbench.store.query.TokenTimeline;
import java.util.List;
import java.util.Optional;

/** {@code session-timeline}: a random session's token timeline, whose buckets must add up to its totals. */
final class SessionTimelineRead {

    private SessionTimelineRead() {}

    static Operation create(WorkloadParams params, RunContext context) {
        List<String> ids = context.sessionIds();
        Bucket bucket = ConfigChoice.parse(Bucket.class, "bucket", params.textParam("bucket"));
        return caller -> {
            Optional<TokenTimeline> timeline = context.store()
                    .queries()
                    .sessionTimeline(ids.get(caller.random().nextInt(ids.size())), bucket);
            return timeline.isPresent() && timeline.get().isConsistent();
        };
    }
}
