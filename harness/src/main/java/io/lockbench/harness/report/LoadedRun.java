package io.lockbench.harness.report;

import io.lockbench.harness.results.RunFile;
import io.lockbench.harness.results.RunResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One harness run as a report reads it: its {@code run.json}, the workload summaries by name, its
 * configuration flattened to {@code store.batch_size}-style keys, the total histogram and the p99 per
 * interval of every {@code <workload>.<metric>} tag of {@code latency.hlog}, the BUSY count per interval
 * from {@code intervals.csv}, and the WAL samples.
 */
public record LoadedRun(
        String id,
        Path dir,
        RunFile run,
        Map<String, RunResult.WorkloadSummary> workloads,
        Map<String, String> configuration,
        Map<String, Histogram> histograms,
        Map<String, List<double[]>> p99OverTime,
        Map<String, List<double[]>> busyOverTime,
        List<double[]> walOverTime) {}
