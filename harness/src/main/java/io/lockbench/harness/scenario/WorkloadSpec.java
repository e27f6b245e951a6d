package io.lockbench.harness.scenario;

import io.lockbench.harness.workload.WorkloadParams;
import io.lockbench.harness.workload.WorkloadType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One workload of a scenario: {@code threads} threads repeating one operation type, in a closed
 * loop (next operation when the last one ends, after {@code think}) or at a target {@code rate}
 * (operations per second for the whole workload; latency counts from the intended start, so a stall
 * is not hidden by the operations it delayed). Thread {@code i} starts at {@code start + i * skew}.
 * It stops after {@code operations} operations (split across threads) or at the end of
 * {@code duration}, whichever comes first. With {@code processes > 0} the workload runs in that many
 * separate JVMs on the same database file, each with {@code threads} threads; rate and operations
 * are then shared by all of them. A gate compares the p99 of the metrics in {@code gate} (by default
 * latency and wait) and leaves the others out.
 */
public record WorkloadSpec(
        String name,
        WorkloadType type,
        int threads,
        int processes,
        double rate,
        Duration start,
        Duration skew,
        Duration duration,
        long operations,
        Duration think,
        Map<String, Object> params,
        Expectations expect,
        List<String> gate)
        implements WorkloadParams {

    /** The metrics a gate can compare, as tagged in latency.hlog. */
    public static final List<String> GATE_METRICS = List.of("latency", "wait");

    /** Threads over all processes. */
    public int totalThreads() {
        return threads * Math.max(1, processes);
    }

    public boolean openLoop() {
        return rate > 0;
    }

    @Override
    public int intParam(String key) {
        return ((Number) params.get(key)).intValue();
    }

    @Override
    public Integer optionalIntParam(String key) {
        Object value = params.get(key);
        return value == null ? null : ((Number) value).intValue();
    }

    @Override
    public Duration durationParam(String key) {
        return (Duration) params.get(key);
    }

    @Override
    public String textParam(String key) {
        return (String) params.get(key);
    }

    @Override
    public <T> T param(String key, Class<T> type) {
        return type.cast(params.get(key));
    }
}
