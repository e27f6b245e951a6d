package io.lockbench.harness.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.config.Settings;
import io.lockbench.store.importer.ImportOptions;
import io.lockbench.store.importer.SessionImporter;
import io.lockbench.store.transcript.TranscriptFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables an import leaves must not depend on the order files are read in, on how many passes
 * the files arrive in, or on the strategy. The corpus has resumed sessions that replay the last
 * response of the session they continue (same message id, request id and uuid, and the record's own
 * sessionId naming the original session), streamed duplicates and subagent files.
 */
class ImportOrderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path corpus;
    private List<TranscriptFile> files;
    private int stores;

    @BeforeEach
    void generate() throws IOException {
        corpus = new CorpusGenerator(new CorpusSpec(60, 60, 8, 3, 60, Instant.parse("2026-04-01T00:00:00Z"), 6, 0))
                .writeTo(dir.resolve("corpus"))
                .root();
        files = SessionImporter.discover(corpus);
    }

    private SessionStore store(Object... settings) throws IOException {
        Path home = Files.createDirectories(dir.resolve("store-" + stores++));
        return SessionStore.open(TestStores.config(home, settings));
    }

    private Map<String, List<String>> imported(List<List<TranscriptFile>> passes, Object... settings)
            throws IOException {
        try (SessionStore store = store(settings)) {
            for (List<TranscriptFile> pass : passes) {
                store.importer().importFiles(pass, ImportOptions.defaults());
            }
            return TestStores.dump(store);
        }
    }

    private List<TranscriptFile> shuffled(long seed) {
        List<TranscriptFile> copy = new ArrayList<>(files);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    @Test
    void theCorpusReplaysResponsesAcrossFiles() throws IOException {
        assertThat(replayedUuids())
                .as("responses replayed by a resumed session")
                .isNotEmpty();
    }

    @Test
    void forwardReverseShuffledAndSplitImportsLeaveIdenticalTables() throws IOException {
        Map<String, List<String>> forward = imported(List.of(files));
        List<TranscriptFile> reverse = new ArrayList<>(files);
        Collections.reverse(reverse);
        assertThat(imported(List.of(reverse))).isEqualTo(forward);
        assertThat(imported(List.of(shuffled(1)))).isEqualTo(forward);
        List<TranscriptFile> order = shuffled(2);
        int third = order.size() / 3;
        assertThat(imported(List.of(
                        order.subList(2 * third, order.size()),
                        order.subList(0, third),
                        order.subList(third, 2 * third))))
                .isEqualTo(forward);
    }

    @Test
    void everyStrategyInAnyOrderLeavesIdenticalTables() throws IOException {
        Map<String, List<String>> reference = imported(List.of(files));
        assertThat(imported(List.of(shuffled(3)), Settings.IMPORT_STRATEGY, "per-record"))
                .isEqualTo(reference);
        assertThat(imported(List.of(shuffled(4)), Settings.BATCH_SIZE, "7")).isEqualTo(reference);
        assertThat(imported(List.of(shuffled(5)), Settings.IMPORT_STRATEGY, "whole-file"))
                .isEqualTo(reference);
    }

    @Test
    void firstSeenPolicyIsOrderIndependentToo() throws IOException {
        Map<String, List<String>> forward = imported(List.of(files), Settings.USAGE_POLICY, "first-seen");
        List<TranscriptFile> reverse = new ArrayList<>(files);
        Collections.reverse(reverse);
        assertThat(imported(List.of(reverse), Settings.USAGE_POLICY, "first-seen"))
                .isEqualTo(forward);
    }

    /** Files that grow between passes (each arrives in halves, in shuffled order) end as one clean import. */
    @Test
    void filesArrivingInPiecesOverSeveralPassesEndAsACleanImport() throws IOException {
        Map<Path, byte[]> whole = new HashMap<>();
        for (TranscriptFile file : files) {
            byte[] bytes = Files.readAllBytes(file.path());
            whole.put(file.path(), bytes);
            Files.write(file.path(), firstLines(bytes, 0.5));
        }
        try (SessionStore store = store()) {
            store.importer().importFiles(shuffled(6), ImportOptions.defaults());
            for (Map.Entry<Path, byte[]> e : whole.entrySet()) {
                Files.write(e.getKey(), e.getValue());
            }
            store.importer().importFiles(shuffled(7), ImportOptions.defaults());
            assertThat(TestStores.dump(store)).isEqualTo(imported(List.of(files)));
        }
    }

    /** An oracle that shares no code with the importer: per-session totals straight from the lines. */
    @Test
    void sessionTotalsFollowTheRecordsOwnSessionIdWhateverTheOrder() throws IOException {
        Map<String, long[]> expected = oracleTotals();
        List<TranscriptFile> reverse = new ArrayList<>(files);
        Collections.reverse(reverse);
        for (List<TranscriptFile> order : List.of(files, reverse, shuffled(8))) {
            try (SessionStore store = store()) {
                store.importer().importFiles(order, ImportOptions.defaults());
                assertThat(sessionTotals(store)).isEqualTo(toText(expected));
            }
        }
    }

    private static byte[] firstLines(byte[] bytes, double share) {
        int lines = 0;
        for (byte b : bytes) {
            lines += b == '\n' ? 1 : 0;
        }
        int keep = (int) (lines * share);
        int end = 0;
        for (int seen = 0; end < bytes.length && seen < keep; end++) {
            seen += bytes[end] == '\n' ? 1 : 0;
        }
        byte[] head = new byte[end];
        System.arraycopy(bytes, 0, head, 0, end);
        return head;
    }

    private List<String> replayedUuids() throws IOException {
        Map<String, Path> firstFile = new HashMap<>();
        List<String> replayed = new ArrayList<>();
        for (TranscriptFile file : files) {
            for (String text : Files.readAllLines(file.path(), StandardCharsets.UTF_8)) {
                JsonNode node = JSON.readTree(text);
                String uuid = node.path("uuid").asText(null);
                if (uuid != null && node.path("message").has("usage")) {
                    Path before = firstFile.putIfAbsent(uuid, file.path());
                    if (before != null && !before.equals(file.path())) {
                        replayed.add(uuid);
                    }
                }
            }
        }
        return replayed;
    }

    /** Sums per session of (input, output, cache creation, cache read) of each response's max-output line. */
    private Map<String, long[]> oracleTotals() throws IOException {
        Map<String, JsonNode> best = new HashMap<>();
        Map<String, String> sessionOf = new HashMap<>();
        for (TranscriptFile file : files) {
            for (String text : Files.readAllLines(file.path(), StandardCharsets.UTF_8)) {
                JsonNode node = JSON.readTree(text);
                JsonNode usage = node.path("message").path("usage");
                if (!usage.isObject()) {
                    continue;
                }
                String key = node.path("message").path("id").asText() + "/"
                        + node.path("requestId").asText("");
                String session =
                        node.hasNonNull("sessionId") ? node.get("sessionId").asText() : file.sessionId();
                JsonNode previous = best.get(key);
                if (previous == null
                        || usage.path("output_tokens").asLong()
                                >= previous.path("output_tokens").asLong()) {
                    best.put(key, usage);
                }
                sessionOf.putIfAbsent(key, session);
                assertThat(sessionOf.get(key))
                        .as("every line of a response names the same session")
                        .isEqualTo(session);
            }
        }
        Map<String, long[]> totals = new TreeMap<>();
        best.forEach((key, usage) -> {
            long[] t = totals.computeIfAbsent(sessionOf.get(key), s -> new long[5]);
            t[0]++;
            t[1] += usage.path("input_tokens").asLong();
            t[2] += usage.path("output_tokens").asLong();
            t[3] += usage.path("cache_creation_input_tokens").asLong();
            t[4] += usage.path("cache_read_input_tokens").asLong();
        });
        return totals;
    }

    private static Map<String, String> toText(Map<String, long[]> totals) {
        Map<String, String> text = new TreeMap<>();
        totals.forEach((session, t) -> text.put(session, t[0] + " " + t[1] + " " + t[2] + " " + t[3] + " " + t[4]));
        return text;
    }

    private static Map<String, String> sessionTotals(SessionStore store) {
        Map<String, String> totals = new TreeMap<>();
        try (Connection c = TestStores.connections(store).openReader();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT session_id, count(*), sum(input_tokens), sum(output_tokens),"
                        + " sum(cache_creation_tokens), sum(cache_read_tokens) FROM token_usage GROUP BY session_id")) {
            while (rs.next()) {
                totals.put(
                        rs.getString(1),
                        rs.getLong(2) + " " + rs.getLong(3) + " " + rs.getLong(4) + " " + rs.getLong(5) + " "
                                + rs.getLong(6));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return totals;
    }
}
