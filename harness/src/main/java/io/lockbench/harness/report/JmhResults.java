package io.lockbench.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The benchmarks of a JMH JSON result file ({@code -rf json}), for reports beside harness runs. */
public record JmhResults(Path file, List<Benchmark> benchmarks) {

    public record Benchmark(String name, String mode, String params, int threads, double score, double error, String unit) {
    }

    /** True when {@code path} is a JMH result file rather than a harness results directory. */
    public static boolean isJmhFile(Path path) {
        if (!Files.isRegularFile(path) || !path.toString().endsWith(".json") || path.getFileName().toString().equals("run.json")) {
            return false;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(path.toFile());
            return root.isArray() && (root.isEmpty() || root.get(0).has("benchmark"));
        } catch (IOException e) {
            return false;
        }
    }

    public static JmhResults load(Path path) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(path.toFile());
        } catch (IOException e) {
            throw new ReportException(path + ": not a readable JMH JSON result file");
        }
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
        return new JmhResults(path, benchmarks);
    }
}
