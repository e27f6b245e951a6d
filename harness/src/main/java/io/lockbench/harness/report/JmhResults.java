package io.lockbench.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The benchmarks of a JMH JSON result file ({@code -rf json}), for reports beside harness runs. */
public record JmhResults(Path file, List<Benchmark> benchmarks) {

    public record Benchmark(String name, String mode, String params, int threads, double score, double error, String unit) {
    }

    /** True when {@code path} is a JMH result file rather than a harness results directory. */
    public static boolean isJmhFile(Path path) {
        return read(path).isPresent();
    }

    /** The parsed file when {@code path} is a JMH JSON result file (an array of benchmarks), else empty. */
    static Optional<JsonNode> read(Path path) {
        if (!Files.isRegularFile(path) || !path.toString().endsWith(".json") || path.getFileName().toString().equals("run.json")) {
            return Optional.empty();
        }
        try {
            JsonNode root = new ObjectMapper().readTree(path.toFile());
            return root.isArray() && (root.isEmpty() || root.get(0).has("benchmark")) ? Optional.of(root) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The benchmarks of {@code path} if it is a JMH result file; empty for anything else. */
    public static Optional<JmhResults> loadIfJmh(Path path) {
        return read(path).map(root -> new JmhResults(path, benchmarks(root)));
    }

    private static List<Benchmark> benchmarks(JsonNode root) {
        List<Benchmark> benchmarks = new ArrayList<>();
        for (JsonNode b : root) {
            JsonNode metric = b.path("primaryMetric");
            String params = b.has("params") ? b.get("params").properties().stream()
                    .map(e -> e.getKey() + "=" + e.getValue().asText()).collect(Collectors.joining(" ")) : "";
            String name = b.path("benchmark").asText();
            benchmarks.add(new Benchmark(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1), b.path("mode").asText(),
                    params, b.path("threads").asInt(1), metric.path("score").asDouble(), metric.path("scoreError").asDouble(),
                    metric.path("scoreUnit").asText()));
        }
        return benchmarks;
    }
}
