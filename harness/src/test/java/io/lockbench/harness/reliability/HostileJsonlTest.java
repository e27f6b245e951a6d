package io.lockbench.harness.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.importer.ImportOptions;
import io.lockbench.store.importer.ImportReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzzer interleaves well over a thousand broken lines with the good lines of a generated
 * corpus. Every broken line must be reported at its file and line with a reason, every good line
 * must be imported exactly as from the clean corpus, and nothing may crash or hang.
 */
@ProcessTest
class HostileJsonlTest {

    private static final int MIN_MUTATED_LINES = 1000;

    @TempDir
    Path dir;

    /** One way of breaking a good line; every kind yields a line the importer must reject. */
    private interface Mutation {
        byte[] apply(String good, SplittableRandom random);
    }

    private static final Map<String, Mutation> MUTATIONS = new TreeMap<>(Map.ofEntries(
            Map.entry("truncated", (good, r) -> bytes(good.substring(0, 1 + r.nextInt(good.length() - 2)))),
            Map.entry(
                    "invalid utf-8",
                    (good, r) -> splice(good, good.indexOf("\"type\"") + 8, new byte[] {(byte) 0xc3, 0x28})),
            Map.entry("nul byte", (good, r) -> splice(good, good.indexOf(',') + 1, new byte[] {0})),
            Map.entry(
                    "type of the wrong kind",
                    (good, r) -> bytes(good.replaceFirst("\"type\":\\s*\"[a-z-]+\"", "\"type\":42"))),
            Map.entry(
                    "timestamp of the wrong kind",
                    (good, r) -> bytes(
                            withUsage(good).replaceFirst("\"timestamp\":\\s*\"[^\"]+\"", "\"timestamp\":{\"at\":1}"))),
            Map.entry(
                    "huge number",
                    (good, r) -> bytes(withUsage(good)
                            .replaceFirst(
                                    "\"output_tokens\":\\s*\\d+", "\"output_tokens\":123456789012345678901234567890"))),
            Map.entry(
                    "fractional tokens",
                    (good, r) ->
                            bytes(withUsage(good).replaceFirst("\"input_tokens\":\\s*\\d+", "\"input_tokens\":1.5"))),
            Map.entry(
                    "negative tokens",
                    (good, r) ->
                            bytes(withUsage(good).replaceFirst("\"output_tokens\":\\s*\\d+", "\"output_tokens\":-7"))),
            Map.entry(
                    "usage without ids",
                    (good, r) -> bytes(withUsage(good)
                            .replaceFirst("\"id\":\\s*\"msg_[^\"]*\",?", "")
                            .replaceFirst("\"uuid\":\\s*\"[^\"]*\",?", ""))),
            Map.entry(
                    "deeply nested",
                    (good, r) -> bytes("{\"type\":\"user\",\"message\":" + "[".repeat(5000) + "]".repeat(5000) + "}")),
            Map.entry("array instead of object", (good, r) -> bytes("[" + good + "]")),
            Map.entry("bare string", (good, r) -> bytes("\"" + good.replace("\"", "'") + "\"")),
            Map.entry("trailing garbage", (good, r) -> bytes(good + " {\"type\":\"user\"}")),
            Map.entry("garbage", (good, r) -> bytes("not json at all " + r.nextLong())),
            Map.entry(
                    "unclosed string",
                    (good, r) -> bytes(good.substring(0, good.indexOf(':') + 1) + "\"" + "x".repeat(1000)))));

    /** An assistant line that carries usage (and a timestamp), whatever line the fuzzer picked. */
    private static String withUsage(String good) {
        return good.contains("\"output_tokens\"") ? good : USAGE_LINE;
    }

    private static String USAGE_LINE;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] splice(String good, int at, byte[] inserted) {
        byte[] head = good.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = good.substring(at).getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + inserted.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(inserted, 0, all, head.length, inserted.length);
        System.arraycopy(tail, 0, all, head.length + inserted.length, tail.length);
        return all;
    }

    @Test
    void everyBrokenLineIsReportedAndEveryGoodLineImported() throws Exception {
        Path clean = new CorpusGenerator(new CorpusSpec(5, 6, 25, 2, 120, Instant.parse("2026-04-01T00:00:00Z"), 3, 0))
                .writeTo(dir.resolve("clean"))
                .root();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(clean)) {
            files = walk.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        List<String> goodLines = new ArrayList<>();
        for (Path f : files) {
            goodLines.addAll(Files.readAllLines(f));
        }
        USAGE_LINE = goodLines.stream()
                .filter(l -> l.contains("\"output_tokens\""))
                .findFirst()
                .orElseThrow();
        List<String> kinds = new ArrayList<>(MUTATIONS.keySet());

        SplittableRandom random = new SplittableRandom(1124);
        Path fuzzed = dir.resolve("fuzzed");
        TreeSet<String> expectedBad = new TreeSet<>();
        Map<String, String> kindOf = new TreeMap<>();
        Map<String, Integer> perKind = new TreeMap<>();
        int mutated = 0;
        for (Path f : files) {
            Path target = fuzzed.resolve(clean.relativize(f));
            Files.createDirectories(target.getParent());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long lineNo = 0;
            for (String good : Files.readAllLines(f)) {
                int bad = 2 + random.nextInt(4);
                for (int i = 0; i < bad; i++) {
                    String kind = kinds.get(random.nextInt(kinds.size()));
                    out.write(MUTATIONS.get(kind).apply(goodLines.get(random.nextInt(goodLines.size())), random));
                    out.write('\n');
                    expectedBad.add(key(clean.relativize(f), ++lineNo));
                    kindOf.put(key(clean.relativize(f), lineNo), kind);
                    perKind.merge(kind, 1, Integer::sum);
                    mutated++;
                }
                out.write(bytes(good));
                out.write('\n');
                lineNo++;
            }
            Files.write(target, out.toByteArray());
        }
        // One 50 MB line that never ends its string: read in bounded chunks, reported, skipped.
        Path last = fuzzed.resolve(clean.relativize(files.get(files.size() - 1)));
        long lines = Files.readAllLines(last, StandardCharsets.ISO_8859_1).size();
        try (OutputStream append = Files.newOutputStream(last, java.nio.file.StandardOpenOption.APPEND)) {
            append.write(bytes("{\"type\":\"user\",\"message\":\""));
            byte[] chunk = bytes("y".repeat(1 << 20));
            for (int i = 0; i < 50; i++) {
                append.write(chunk);
            }
            append.write('\n');
        }
        expectedBad.add(key(clean.relativize(files.get(files.size() - 1)), lines + 1));
        mutated++;
        assertThat(mutated).isGreaterThanOrEqualTo(MIN_MUTATED_LINES);
        assertThat(perKind).hasSize(MUTATIONS.size());

        Files.createDirectories(dir.resolve("db-clean"));
        Files.createDirectories(dir.resolve("db-fuzzed"));
        try (SessionStore reference = SessionStore.open(TestStores.config(dir.resolve("db-clean")));
                SessionStore store =
                        SessionStore.open(TestStores.config(dir.resolve("db-fuzzed"), "batch_size", "7"))) {
            reference.importer().importAll(clean, ImportOptions.defaults());
            ImportReport report =
                    store.importer().importAll(fuzzed, ImportOptions.defaults().withMaxLineBytes(8 << 20));
            TreeSet<String> reported = reported(store, fuzzed);
            Map<String, Integer> accepted = new TreeMap<>();
            expectedBad.stream()
                    .filter(k -> !reported.contains(k))
                    .forEach(k -> accepted.merge(String.valueOf(kindOf.get(k)), 1, Integer::sum));
            assertThat(accepted)
                    .as("broken lines that were not reported, by kind")
                    .isEmpty();
            assertThat(reported).isEqualTo(expectedBad);
            assertThat(report.malformedLines()).as(perKind.toString()).isEqualTo(mutated);
            for (String table : List.of("sessions", "token_usage", "tool_results", "summaries", "token_usage_hourly")) {
                assertThat(rows(store, table)).as(table).isEqualTo(rows(reference, table));
            }
            // Line numbers moved with the inserted lines; everything else of every message must match.
            String columns =
                    "uuid, session_id, type, parent_uuid, agent_id, is_sidechain, is_meta, ts, message_id, request_id,"
                            + " model, role, text_preview";
            assertThat(rows(store, "(SELECT " + columns + " FROM messages)"))
                    .isEqualTo(rows(reference, "(SELECT " + columns + " FROM messages)"));
        }
        // The same corpus, 50 MB line included, through a real process with a 64 MB heap: memory stays bounded.
        LockbenchProcess small = LockbenchProcess.startWithHeap(
                dir.resolve("logs"),
                List.of(),
                "-Xmx64m",
                "import",
                fuzzed.toString(),
                "--db",
                dir.resolve("db-fuzzed/small-heap.db").toString(),
                "--max-line-bytes",
                Integer.toString(8 << 20));
        assertThat(small.await(300)).as(small.output()).isZero();
        assertThat(small.output()).contains(mutated + " malformed");
    }

    private static String key(Path relative, long line) {
        return relative + ":" + line;
    }

    private static TreeSet<String> reported(SessionStore store, Path root) throws Exception {
        TreeSet<String> keys = new TreeSet<>();
        try (Connection c = TestStores.connections(store).openReader();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT st.path, e.line_no, e.reason FROM import_errors e JOIN import_state st USING (file_id)")) {
            while (rs.next()) {
                assertThat(rs.getString(3)).isNotBlank();
                keys.add(key(root.relativize(Path.of(rs.getString(1))), rs.getLong(2)));
            }
        }
        return keys;
    }

    private static List<String> rows(SessionStore store, String table) {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestStores.connections(store).openReader();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    String name = rs.getMetaData().getColumnName(i);
                    if (!name.endsWith("file_id")) {
                        row.append(name).append('=').append(rs.getString(i)).append(' ');
                    }
                }
                rows.add(row.toString());
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        rows.sort(null);
        return rows;
    }

    @Test
    void crlfLineEndingsAndAByteOrderMarkImportLikeTheCleanCorpus() throws IOException {
        Path clean = new CorpusGenerator(new CorpusSpec(6, 3, 10, 1, 80, Instant.parse("2026-04-01T00:00:00Z"), 2, 0))
                .writeTo(dir.resolve("clean"))
                .root();
        Path windows = dir.resolve("windows");
        try (Stream<Path> walk = Files.walk(clean)) {
            for (Path f : walk.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                Path target = windows.resolve(clean.relativize(f));
                Files.createDirectories(target.getParent());
                String text = Files.readString(f).replace("\n", "\r\n");
                Files.write(target, splice(text, 0, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}));
            }
        }
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        try (SessionStore a = SessionStore.open(TestStores.config(dir.resolve("a")));
                SessionStore b = SessionStore.open(TestStores.config(dir.resolve("b")))) {
            a.importer().importAll(clean, ImportOptions.defaults());
            ImportReport report = b.importer().importAll(windows, ImportOptions.defaults());
            assertThat(report.malformedLines()).isZero();
            for (String table : List.of("sessions", "messages", "token_usage", "tool_results", "summaries")) {
                assertThat(rows(b, table)).as(table).isEqualTo(rows(a, table));
            }
        }
    }
}
