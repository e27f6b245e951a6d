package io.lockbench.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockbench.harness.json.Json;
import io.lockbench.harness.text.BoundedFiles;
import io.lockbench.harness.watch.WatchReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The results directory of a {@code lockbench watch --out DIR} (or its {@code watch.json}), or one
 * database of a {@code lockbench record} directory ({@code recording} is then that directory), as a
 * report reads it.
 */
public record WatchResults(Path dir, WatchReport.Summary summary, Path recording) {

    public WatchResults(Path dir, WatchReport.Summary summary) {
        this(dir, summary, null);
    }

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

    /**
     * The watches in {@code path}: a {@code lockbench record} directory has one per recorded database
     * ({@code db-NAME/watch.json}), a watch directory or file one; anything else none.
     */
    public static List<WatchResults> loadAll(Path path) {
        if (Files.isDirectory(path) && Files.isRegularFile(path.resolve("record.json"))) {
            List<WatchResults> watches = new ArrayList<>();
            try (Stream<Path> dirs = Files.list(path)) {
                for (Path db : dirs.filter(d -> d.getFileName().toString().startsWith("db-"))
                        .sorted()
                        .toList()) {
                    loadIfWatch(db).ifPresent(w -> watches.add(new WatchResults(w.dir(), w.summary(), path)));
                }
            } catch (IOException e) {
                throw new ReportException("cannot read the recording " + path + ": " + e.getMessage());
            }
            return watches;
        }
        return loadIfWatch(path).map(List::of).orElse(List.of());
    }

    /**
     * What {@code record} said happened to this database's lock, the paragraph its summary leads with, or
     * null for a watch, a recording without lock events, or one written before they were.
     */
    public String story() {
        if (recording == null || dir.getFileName() == null) {
            return null;
        }
        Path file = recording.resolve("record.json");
        try {
            JsonNode record = Json.MAPPER.readTree(BoundedFiles.read(file, MAX_BYTES));
            for (JsonNode db : record.path("databases")) {
                if (db.path("dir").asText().equals(dir.getFileName().toString())) {
                    JsonNode story = db.at("/exact/story");
                    return story.isTextual() ? story.asText() : null;
                }
            }
            return null;
        } catch (IOException e) {
            throw new ReportException(file + " is not a recording lockbench can read: " + e.getMessage());
        }
    }

    public String id() {
        if (recording != null && recording.getFileName() != null && dir.getFileName() != null) {
            return recording.getFileName() + "/" + dir.getFileName();
        }
        return dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    }
}
