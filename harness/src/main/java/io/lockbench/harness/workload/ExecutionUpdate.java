package io.lockbench.harness.workload;

import io.lockbench.harness.catalog.Catalog;
import java.time.Duration;

/** {@code update-execution}: a random workflow execution and all its steps, in one transaction. */
final class ExecutionUpdate {

    private ExecutionUpdate() {}

    static Operation create(WorkloadParams params, RunContext context) {
        Duration work = params.durationParam("work");
        int executions = context.catalog().executions();
        return caller -> {
            int rows = new Catalog(context.store())
                    .updateExecution(1 + caller.random().nextInt(executions), work);
            Workloads.describe(1, rows);
            return true;
        };
    }
}
