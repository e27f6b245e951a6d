package io.lockbench.harness.workload;

import io.lockbench.harness.catalog.Catalog;
import io.lockbench.harness.catalog.CatalogSeed;
import io.lockbench.harness.catalog.ImportResult;
import io.lockbench.store.config.Settings;
import java.time.Duration;

/** {@code import-artifacts}: each thread imports its own source's first entries, batch after batch. */
final class CatalogImport {

    private CatalogImport() {}

    static Operation create(WorkloadParams params, RunContext context) {
        Catalog catalog = new Catalog(context.store());
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
