package io.lockbench.harness.results;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lockbench.harness.json.Json;
import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.text.BoundedFiles;
import io.lockbench.store.config.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code run.json}: one typed model that the writer writes and every reader reads back, validated on
 * load, so a damaged or hand-edited file is refused with the file and field named instead of being
 * reported as if it were a result. A run in progress (or killed) has status {@code incomplete} and
 * only the fields known at its start.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunFile(
        int schemaVersion,
        String runId,
        String status,
        String scenario,
        String scenarioFile,
        String scenarioSha256,
        List<String> overrides,
        String startedAt,
        Double seconds,
        Boolean passed,
        Boolean timedOut,
        Integer threadsLeftRunning,
        Map<String, Object> environment,
        JsonNode configuration,
        List<RunResult.WorkloadSummary> workloads,
        List<RunResult.WalSample> wal) {

    public static final int SCHEMA_VERSION = RunResult.SCHEMA_VERSION;
    public static final String COMPLETE = "complete";
    public static final String INCOMPLETE = "incomplete";
    /** Larger than any run.json lockbench writes by far; a bigger file is not one. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    static final ObjectMapper JSON = Json.MAPPER
            .rebuild()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // Counts are whole numbers and measurements are numbers: no coercion from 1e308 or "NaN".
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static RunFile started(Scenario scenario, String runId, Instant startedAt) {
        return new RunFile(
                SCHEMA_VERSION,
                runId,
                INCOMPLETE,
                scenario.name(),
                scenario.file().toString(),
                sha256(scenario.file()),
                scenario.overrides(),
                startedAt.toString(),
                null,
                null,
                null,
                null,
                null,
                JSON.valueToTree(ResultsWriter.configuration(scenario)),
                null,
                null);
    }

    static RunFile of(RunResult r) {
        return new RunFile(
                SCHEMA_VERSION,
                r.runId(),
                COMPLETE,
                r.scenario().name(),
                r.scenario().file().toString(),
                sha256(r.scenario().file()),
                r.scenario().overrides(),
                r.startedAt().toString(),
                r.seconds(),
                r.passed(),
                r.timedOut(),
                r.threadsLeftRunning(),
                r.environment(),
                JSON.valueToTree(ResultsWriter.configuration(r.scenario())),
                r.workloads(),
                r.wal());
    }

    /** SHA-256 of a scenario file's bytes, hex; "unreadable" when it cannot be read. */
    public static String sha256(Path file) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(BoundedFiles.read(file, 1 << 20)));
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unreadable";
        }
    }

    /** The resolved configuration of {@code scenario} as run.json records it, flattened to {@code store.batch_size}-style keys. */
    public static Map<String, String> flatConfiguration(Scenario scenario) {
        Map<String, String> flat = new TreeMap<>();
        flatten("", JSON.valueToTree(ResultsWriter.configuration(scenario)), flat);
        return flat;
    }

    /** This run's configuration flattened to {@code store.batch_size}-style keys. */
    @JsonIgnore
    public Map<String, String> flatConfiguration() {
        Map<String, String> flat = new TreeMap<>();
        flatten("", configuration, flat);
        return flat;
    }

    /** {@code store.batch_size=10}, {@code workloads.import.params.work_per_item=25ms}, ... */
    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            node.properties()
                    .forEach(
                            f -> flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), out));
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                String name = element.path("name").asText(null);
                flatten(prefix + "." + (name != null ? name : Integer.toString(out.size())), element, out);
            }
        } else if (!node.isNull()) {
            out.put(prefix, node.asText());
        }
    }

    public boolean complete() {
        return COMPLETE.equals(status);
    }

    /** Writes to a temporary file first and moves it into place, so a reader never sees half a file. */
    void write(Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(partial, Secrets.redact(JSON.writeValueAsString(this)));
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads and validates a run.json.
     *
     * @throws InvalidRunFileException naming the file, and the field where one is to blame
     */
    public static RunFile read(Path file) throws IOException {
        byte[] bytes = BoundedFiles.read(file, MAX_BYTES);
        RunFile run;
        try {
            run = JSON.readValue(bytes, RunFile.class);
        } catch (JsonMappingException e) {
            throw new InvalidRunFileException(
                    file,
                    fieldPath(e),
                    e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (JsonProcessingException e) {
            throw new InvalidRunFileException(
                    file,
                    null,
                    "not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (run == null) {
            throw new InvalidRunFileException(file, null, "empty");
        }
        run.validate(file);
        return run;
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? null : path.toString();
    }

    private void validate(Path file) {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new InvalidRunFileException(
                    file, null, "schema_version " + schemaVersion + " is not the supported " + SCHEMA_VERSION);
        }
        require(
                file,
                COMPLETE.equals(status) || INCOMPLETE.equals(status),
                "status",
                "must be complete or incomplete but was " + status);
        if (!complete()) {
            return;
        }
        require(file, runId != null, "run_id", "missing");
        require(
                file,
                seconds != null && Double.isFinite(seconds) && seconds >= 0,
                "seconds",
                "must be a number >= 0 but was " + seconds);
        require(file, threadsLeftRunning != null && threadsLeftRunning >= 0, "threads_left_running", "must be >= 0");
        require(file, workloads != null, "workloads", "missing");
        for (int i = 0; i < workloads.size(); i++) {
            validate(file, "workloads[" + i + "].", workloads.get(i));
        }
        for (int i = 0; wal != null && i < wal.size(); i++) {
            RunResult.WalSample s = wal.get(i);
            require(file, Double.isFinite(s.atSeconds()), "wal[" + i + "].at_seconds", "must be a finite number");
            require(file, s.walBytes() >= -1, "wal[" + i + "].wal_bytes", "must be >= -1");
        }
    }

    private static void validate(Path file, String at, RunResult.WorkloadSummary w) {
        require(file, w != null, at, "missing");
        require(file, w.name() != null, at + "name", "missing");
        nonNegative(file, at + "threads", w.threads());
        nonNegative(file, at + "attempted", w.attempted());
        nonNegative(file, at + "ok", w.ok());
        nonNegative(file, at + "busy", w.busy());
        nonNegative(file, at + "probe_busy", w.probeBusy());
        nonNegative(file, at + "other_errors", w.otherErrors());
        nonNegative(file, at + "inconsistent", w.inconsistent());
        nonNegative(file, at + "warmup_operations", w.warmupOperations());
        require(
                file,
                w.accountedFor(),
                at + "attempted",
                String.format(
                        Locale.ROOT,
                        "%d is not ok + busy + other_errors = %d + %d + %d",
                        w.attempted(),
                        w.ok(),
                        w.busy(),
                        w.otherErrors()));
        finite(file, at + "operations_per_second", w.operationsPerSecond());
        finite(file, at + "finish_spread_ms", w.finishSpreadMs());
        require(file, w.millis() != null, at + "millis", "missing");
        for (Map.Entry<String, RunResult.Stats> e : w.millis().entrySet()) {
            String m = at + "millis." + e.getKey() + ".";
            RunResult.Stats s = e.getValue();
            require(file, s != null, m, "missing");
            nonNegative(file, m + "count", s.count());
            finite(file, m + "mean", s.mean());
            finite(file, m + "p50", s.p50());
            finite(file, m + "p90", s.p90());
            finite(file, m + "p99", s.p99());
            finite(file, m + "p999", s.p999());
            finite(file, m + "max", s.max());
            // Percentiles of one histogram never decrease: a file that says otherwise was edited or damaged,
            // and a chart of it would draw what no measurement can give.
            double[] ordered = {s.p50(), s.p90(), s.p99(), s.p999(), s.max()};
            String[] names = {"p50", "p90", "p99", "p999", "max"};
            for (int i = 1; i < ordered.length; i++) {
                require(
                        file,
                        ordered[i] >= ordered[i - 1],
                        m + names[i],
                        "must be at least " + names[i - 1] + " (" + ordered[i - 1] + ") but was " + ordered[i]);
            }
        }
        require(file, w.checks() != null, at + "checks", "missing");
    }

    private static void nonNegative(Path file, String field, long value) {
        require(file, value >= 0, field, "must be >= 0 but was " + value);
    }

    private static void finite(Path file, String field, double value) {
        require(file, Double.isFinite(value) && value >= 0, field, "must be a finite number >= 0 but was " + value);
    }

    private static void require(Path file, boolean holds, String field, String problem) {
        if (!holds) {
            throw new InvalidRunFileException(
                    file, field.endsWith(".") ? field.substring(0, field.length() - 1) : field, problem);
        }
    }
}
