package io.lockbench.harness.workload;

import java.time.Duration;

/** A workload's name and its validated type-specific parameters, as its operation reads them. */
public interface WorkloadParams {

    String name();

    int intParam(String key);

    /** Null when the scenario left the parameter out and it has no default. */
    Integer optionalIntParam(String key);

    Duration durationParam(String key);

    String textParam(String key);

    /** A parameter of a type's own kind (a {@code sql} workload's scripts and settings). */
    <T> T param(String key, Class<T> type);
}
