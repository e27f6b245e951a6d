package io.lockbench.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockbench.harness.run.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/** Reads the results directory of a run (or its {@code run.json}) back for reports. */
public final class RunLoader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunLoader() {
    }

    public static LoadedRun load(Path path) throws IOException {
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        Path runJson = dir.resolve("run.json");
        if (!Files.isRegularFile(runJson)) {
            throw new ReportException(path + ": no run.json here; give a results directory such as results/<run-id>");
        }
        JsonNode json;
        try {
            json = JSON.readTree(runJson.toFile());
        } catch (IOException e) {
            throw new ReportException(runJson + ": not a readable run.json (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (json.path("schema_version").asInt() != RunResult.SCHEMA_VERSION) {
            throw new ReportException(runJson + ": schema_version " + json.path("schema_version").asText("missing")
                    + " is not the supported " + RunResult.SCHEMA_VERSION);
        }
        if (!"complete".equals(json.path("status").asText())) {
            throw new ReportException(runJson + ": the run did not finish (status " + json.path("status").asText("missing")
                    + "); its numbers would mislead");
        }
        Map<String, Histogram> totals = new TreeMap<>();
        Map<String, List<double[]>> p99 = new TreeMap<>();
        Path hlog = dir.resolve("latency.hlog");
        if (Files.isRegularFile(hlog)) {
            try {
                HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
                for (EncodableHistogram e = reader.nextIntervalHistogram(); e != null; e = reader.nextIntervalHistogram()) {
                    Histogram h = (Histogram) e;
                    totals.computeIfAbsent(h.getTag(), t -> new Histogram(3)).add(h);
                    if (h.getTotalCount() > 0) {
                        double at = h.getEndTimeStamp() / 1000.0 - reader.getStartTimeSec();
                        p99.computeIfAbsent(h.getTag(), t -> new ArrayList<>()).add(new double[] {at, h.getValueAtPercentile(99) / 1e6});
                    }
                }
            } catch (RuntimeException e) {
                throw new ReportException(hlog + ": not a readable HdrHistogram log (" + e.getClass().getSimpleName() + ")");
            }
        }
        Map<String, List<double[]>> busy = new TreeMap<>();
        Path intervals = dir.resolve("intervals.csv");
        if (Files.isRegularFile(intervals)) {
            Map<String, Long> previous = new LinkedHashMap<>();
            List<String> lines = Files.readAllLines(intervals);
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",");
                try {
                    long cumulative = Long.parseLong(f[4]);
                    long delta = cumulative - previous.getOrDefault(f[1], 0L);
                    previous.put(f[1], cumulative);
                    busy.computeIfAbsent(f[1], k -> new ArrayList<>()).add(new double[] {Double.parseDouble(f[0]), delta});
                } catch (RuntimeException e) {
                    throw new ReportException(intervals + ":" + (i + 1) + ": expected seconds,workload,attempted,ok,busy,...");
                }
            }
        }
        List<double[]> wal = new ArrayList<>();
        json.path("wal").forEach(s -> wal.add(new double[] {s.path("at_seconds").asDouble(), s.path("wal_bytes").asDouble() / 1e6}));
        Map<String, JsonNode> workloads = new LinkedHashMap<>();
        json.path("workloads").forEach(w -> workloads.put(w.path("name").asText(), w));
        return new LoadedRun(json.path("run_id").asText(dir.getFileName().toString()), dir, json, workloads,
                flatten(json.path("configuration")),
                totals, p99, busy, wal);
    }

    /** {@code store.batch_size=10}, {@code workloads.import.params.work_per_item=25ms}, ... */
    static Map<String, String> flatten(JsonNode configuration) {
        Map<String, String> flat = new TreeMap<>();
        flatten("", configuration, flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                String name = element.path("name").asText(null);
                flatten(prefix + "." + (name != null ? name : Integer.toString(out.size())), element, out);
            }
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }
}
