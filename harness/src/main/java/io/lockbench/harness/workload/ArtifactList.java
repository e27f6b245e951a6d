package io.lockbench.harness.workload;

import io.lockbench.harness.catalog.ArtifactPage;
import io.lockbench.harness.catalog.Catalog;

/** {@code list-artifacts}: a page of a random source's artifacts, checked against its stored count. */
final class ArtifactList {

    private ArtifactList() {}

    static Operation create(WorkloadParams params, RunContext context) {
        int limit = params.intParam("limit");
        return caller -> {
            ArtifactPage page = new Catalog(context.store())
                    .listArtifacts(1 + caller.random().nextInt(context.catalog().sources()), limit);
            return page.isConsistent();
        };
    }
}
