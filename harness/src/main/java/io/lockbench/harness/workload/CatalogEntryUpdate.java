package io.lockbench.harness.workload;

import io.lockbench.harness.catalog.Catalog;
import java.time.Duration;

/** {@code update-catalog-entry}: one random catalog entry edited. */
final class CatalogEntryUpdate {

    private CatalogEntryUpdate() {}

    static Operation create(WorkloadParams params, RunContext context) {
        Duration work = params.durationParam("work");
        return caller -> {
            new Catalog(context.store())
                    .updateEntry(
                            Workloads.randomEntry(context.catalog(), caller),
                            "edited by " + params.name() + " #" + caller.iteration(),
                            work);
            return true;
        };
    }
}
