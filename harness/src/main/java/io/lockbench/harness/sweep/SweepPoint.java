package io.lockbench.harness.sweep;

import java.util.Map;

/**
 * What one point of a sweep measured: how many imports completed and at what rate (successful import
 * operations per second), the worst p99 latency and p99 wait (busy handler plus writer connection)
 * among the other workloads and among the other writing workloads alone (NaN where there are none),
 * the fewest measured operations of any workload, and every failure (BUSY, other errors, inconsistent
 * reads).
 */
public record SweepPoint(
        String id,
        Map<String, String> settings,
        long importsCompleted,
        double importsPerSecond,
        double concurrentP99Ms,
        double concurrentWaitP99Ms,
        double writerWaitP99Ms,
        long fewestOperations,
        long failures,
        boolean passed) {

    /** True when {@code other} is at least as good on every axis and better on one. */
    boolean dominatedBy(SweepPoint other) {
        boolean noWorse = other.importsPerSecond >= importsPerSecond
                && other.concurrentP99Ms <= concurrentP99Ms
                && other.failures <= failures;
        boolean better = other.importsPerSecond > importsPerSecond
                || other.concurrentP99Ms < concurrentP99Ms
                || other.failures < failures;
        return noWorse && better;
    }
}
