package io.lockbench.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One harness run as a report reads it: the workload summaries of {@code run.json} by name, its configuration
 * flattened to {@code store.batch_size}-style keys, the total histogram and the p99 per interval
 * of every {@code <workload>.<metric>} tag of {@code latency.hlog}, the cumulative counters of
 * {@code intervals.csv}, and the WAL samples.
 */
public record LoadedRun(String id, Path dir, JsonNode json, Map<String, JsonNode> workloads, Map<String, String> configuration,
        Map<String, Histogram> histograms, Map<String, List<double[]>> p99OverTime, Map<String, List<double[]>> busyOverTime,
        List<double[]> walOverTime) {
}
