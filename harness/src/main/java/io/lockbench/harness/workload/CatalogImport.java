package io.lockbench.harness.workload;

import io.lockbench.store.catalog.Catalog;
import io.lockbench.store.catalog.CatalogSeed;
import io.lockbench.store.catalog.ImportResult;
import io.lockbench.store.config.Settings;
import java.time.Duration;

/** {@code import-artifacts}: each thread imports its own source's first entries, batch after batch. */
final class CatalogImport {

    private CatalogImport() {}

    static Operation create(WorkloadParams params, RunContext context) {
        Catalog catalog = context.store().catalog();
        CatalogSeed seed = context.catalog();
        int artifacts = params.intParam("artifacts");
        Integer batch = params.optionalIntParam("batch_size");
        int batchSize = batch != null ? batch : context.store().config().get(Settings.BATCH_SIZE);
        Duration work = params.durationParam("work_per_item");
        int first = params.intParam("first_source");
        return caller -> {
            long source = 1L + (first - 1 + caller.thread()) % seed.sources();
            Workloads.describe(batchSize, artifacts);
            ImportResult result = catalog.importArtifacts(source, artifacts, batchSize, work);
            Workloads.describe(batchSize, result.statements());
            return true;
        };
    }
}
