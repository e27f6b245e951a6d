package io.lockbench.harness.run;

import java.util.List;
import java.util.Map;

/**
 * What a worker process sends back to the run: its counters, its total histograms (HdrHistogram's
 * compressed Base64 encoding, per metric label) and when each of its threads finished (epoch ms,
 * since the JVMs share no clock but the wall clock).
 */
public record WorkerReport(
        long attempted,
        long ok,
        long inconsistent,
        long warmup,
        long probeBusy,
        Map<String, Long> busy,
        Map<String, Long> otherErrors,
        Map<String, String> firstMessages,
        Map<String, String> histograms,
        List<Long> finishedEpochMs,
        int threadsLeftRunning) {}
