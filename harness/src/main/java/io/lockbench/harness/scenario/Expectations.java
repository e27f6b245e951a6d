package io.lockbench.harness.scenario;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;

/**
 * Rules a workload's results must meet for the run to pass; {@code null} means no rule. The finish
 * spread is the time between the first and the last thread of the workload finishing.
 */
public record Expectations(
        Duration maxP99,
        Duration maxLockWaitP99,
        Long maxBusy,
        Long maxErrors,
        Long maxInconsistent,
        Duration maxFinishSpread) {

    public static final Expectations NONE = new Expectations(null, null, null, null, null, null);

    @JsonIgnore
    public boolean isEmpty() {
        return equals(NONE);
    }
}
