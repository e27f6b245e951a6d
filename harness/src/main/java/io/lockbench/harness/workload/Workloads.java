package io.lockbench.harness.workload;

import io.lockbench.harness.catalog.Catalog;
import io.lockbench.harness.catalog.CatalogSeed;
import io.lockbench.store.lock.LockTrace;

/**
 * The operation of a workload, built by its type's factory. Write operations describe themselves to
 * the running {@link LockTrace} (batch size, rows) for the slow-wait warning; reads check an invariant
 * of what they return.
 */
public final class Workloads {

    private Workloads() {}

    public static Operation create(WorkloadType type, WorkloadParams params, RunContext context) {
        return type.factory().create(params, context);
    }

    static void describe(int batchSize, long rows) {
        LockTrace trace = LockTrace.current();
        if (trace != null) {
            trace.describe(batchSize, rows);
        }
    }

    static long randomEntry(CatalogSeed seed, Operation.Caller caller) {
        return Catalog.entryId(
                seed,
                1 + caller.random().nextInt(seed.sources()),
                caller.random().nextInt(seed.entriesPerSource()));
    }
}
