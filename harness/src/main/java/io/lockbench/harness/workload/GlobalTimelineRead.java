package io.lockbench.harness.workload;

import io.lockbench.store.config.ConfigChoice;
import io.lockbench.store.query.Bucket;
import java.time.Instant;

/** {@code global-timeline}: the token timeline of every session over the seeded days. */
final class GlobalTimelineRead {

    private GlobalTimelineRead() {}

    static Operation create(WorkloadParams params, RunContext context) {
        Bucket bucket = ConfigChoice.parse(Bucket.class, "bucket", params.textParam("bucket"));
        long day = Bucket.DAY.millis();
        Instant from =
                Instant.ofEpochMilli(Math.floorDiv(context.firstActivity().toEpochMilli(), day) * day);
        Instant to = Instant.ofEpochMilli((Math.floorDiv(context.lastActivity().toEpochMilli(), day) + 1) * day);
        return caller ->
                context.store().queries().globalTimeline(bucket, from, to).isConsistent();
    }
}
