package io.lockbench.harness.scenario;

import java.time.Duration;
import java.util.Map;

/**
 * One workload of a scenario: {@code threads} threads repeating one operation type, in a closed
 * loop (next operation when the last one ends, after {@code think}) or at a target {@code rate}
 * (operations per second for the whole workload; latency counts from the intended start, so a stall
 * is not hidden by the operations it delayed). Thread {@code i} starts at {@code start + i * skew}.
 * It stops after {@code operations} operations (split across threads) or at the end of
 * {@code duration}, whichever comes first.
 */
public record WorkloadSpec(String name, WorkloadType type, int threads, double rate, Duration start, Duration skew,
        Duration duration, long operations, Duration think, Map<String, Object> params, Expectations expect) {

    public boolean openLoop() {
        return rate > 0;
    }

    public int intParam(String key) {
        return ((Number) params.get(key)).intValue();
    }

    public Integer optionalIntParam(String key) {
        Object value = params.get(key);
        return value == null ? null : ((Number) value).intValue();
    }

    public Duration durationParam(String key) {
        return (Duration) params.get(key);
    }

    public String textParam(String key) {
        return (String) params.get(key);
    }
}
