package io.lockbench.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockbench.harness.json.Json;
import io.lockbench.harness.text.BoundedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The benchmarks of a JMH JSON result file ({@code -rf json}), for reports beside harness runs. */
public record JmhResults(Path file, List<Benchmark> benchmarks) {

    /** JMH result files are kilobytes; a larger file is not one. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    public record Benchmark(
            String name, String mode, String params, int threads, double score, double error, String unit) {}

    /** True when {@code path} is a JMH result file rather than a harness results directory. */
    public static boolean isJmhFile(Path path) {
        return read(path).isPresent();
    }

    /** The parsed file when {@code path} is a JMH JSON result file (an array of benchmarks), else empty. */
    static Optional<JsonNode> read(Path path) {
        if (!Files.isRegularFile(path)
                || !path.toString().endsWith(".json")
                || path.getFileName().toString().equals("run.json")) {
            return Optional.empty();
        }
        try {
            JsonNode root = Json.MAPPER.readTree(BoundedFiles.read(path, MAX_BYTES));
            return root.isArray() && (root.isEmpty() || root.get(0).has("benchmark"))
                    ? Optional.of(root)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The benchmarks of {@code path} if it is a JMH result file; empty for anything else. */
    public static Optional<JmhResults> loadIfJmh(Path path) {
        return read(path).map(root -> new JmhResults(path, benchmarks(root)));
    }

    /**
     * Every score of the file: each benchmark's primary metric, then its secondary metrics (the
     * methods of a JMH group, GC or profiler figures) as {@code <benchmark>:<metric>}.
     */
    private static List<Benchmark> benchmarks(JsonNode root) {
        List<Benchmark> benchmarks = new ArrayList<>();
        for (JsonNode b : root) {
            String params = b.has("params")
                    ? b.get("params").properties().stream()
                            .map(e -> e.getKey() + "=" + e.getValue().asText())
                            .collect(Collectors.joining(" "))
                    : "";
            String full = b.path("benchmark").asText();
            String name = full.substring(full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1);
            String mode = b.path("mode").asText();
            int threads = b.path("threads").asInt(1);
            benchmarks.add(benchmark(name, mode, params, threads, b.path("primaryMetric")));
            b.path("secondaryMetrics")
                    .properties()
                    .forEach(e ->
                            benchmarks.add(benchmark(name + ":" + e.getKey(), mode, params, threads, e.getValue())));
        }
        return benchmarks;
    }

    private static Benchmark benchmark(String name, String mode, String params, int threads, JsonNode metric) {
        double error = metric.path("scoreError").asDouble(Double.NaN);
        return new Benchmark(
                name,
                mode,
                params,
                threads,
                metric.path("score").asDouble(),
                Double.isFinite(error) ? error : 0,
                metric.path("scoreUnit").asText());
    }
}
