package io.lockbench.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockbench.harness.json.Json;
import io.lockbench.harness.text.BoundedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The results directory of a {@code lockbench sweep} (its {@code sweep.json}: every point's import
 * throughput and p99 figures, and the recommended one), as a report reads it.
 */
public record SweepResults(Path dir, JsonNode sweep) {

    private static final long MAX_BYTES = 16L * 1024 * 1024;

    /** The sweep when {@code path} is a sweep directory or its sweep.json; empty for anything else. */
    public static Optional<SweepResults> loadIfSweep(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("sweep.json") : path;
        if (!Files.isRegularFile(file) || !file.getFileName().toString().equals("sweep.json")) {
            return Optional.empty();
        }
        try {
            JsonNode sweep = Json.MAPPER.readTree(BoundedFiles.read(file, MAX_BYTES));
            if (!sweep.path("points").isArray()) {
                throw new ReportException(file + " is not a sweep summary lockbench can read: it has no points");
            }
            return Optional.of(new SweepResults(file.getParent(), sweep));
        } catch (IOException e) {
            throw new ReportException(file + " is not a sweep summary lockbench can read: " + e.getMessage());
        }
    }

    /** The directory's name, as the report labels the sweep. */
    public String id() {
        return dir.getFileName().toString();
    }
}
