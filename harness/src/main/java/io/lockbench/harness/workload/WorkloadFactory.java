package io.lockbench.harness.workload;

import com.google.errorprone.annotations.Immutable;

/** Builds the operation of one workload type; the scenario was validated against the seed beforehand. */
@Immutable
@FunctionalInterface
public interface WorkloadFactory {

    Operation create(WorkloadParams params, RunContext context);
}
