package io.lockbench.harness.report;

import io.lockbench.harness.json.Json;
import io.lockbench.harness.text.BoundedFiles;
import io.lockbench.harness.watch.WatchReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The results directory of a {@code lockbench watch --out DIR} (or its {@code watch.json}), as a report reads it. */
public record WatchResults(Path dir, WatchReport.Summary summary) {

    private static final long MAX_BYTES = 16L * 1024 * 1024;

    /** The watch's summary when {@code path} is a watch directory or its watch.json; empty for anything else. */
    public static Optional<WatchResults> loadIfWatch(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("watch.json") : path;
        if (!Files.isRegularFile(file) || !file.getFileName().toString().equals("watch.json")) {
            return Optional.empty();
        }
        try {
            WatchReport.Summary summary =
                    Json.MAPPER.readValue(BoundedFiles.read(file, MAX_BYTES), WatchReport.Summary.class);
            return Optional.of(new WatchResults(file.getParent(), summary));
        } catch (IOException e) {
            throw new ReportException(file + " is not a watch summary lockbench can read: " + e.getMessage());
        }
    }

    public String id() {
        return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }
}
