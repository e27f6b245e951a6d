package io.lockbench.harness.workload;

import io.lockbench.harness.catalog.Catalog;
import java.time.Duration;

/** {@code reimport-entry}: one random catalog entry imported again. */
final class EntryReimport {

    private EntryReimport() {}

    static Operation create(WorkloadParams params, RunContext context) {
        Duration work = params.durationParam("work");
        return caller -> {
            new Catalog(context.store()).reimportEntry(Workloads.randomEntry(context.catalog(), caller), work);
            return true;
        };
    }
}
