package io.lockbench.store;

import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.query.Bucket;
import io.lockbench.store.query.SessionPage;
import io.lockbench.store.query.SessionQueries;
import io.lockbench.store.query.SessionSummary;
import io.lockbench.store.transcript.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Fresh database files, fixture copies and whole-database dumps for store tests. */
public final class TestStores {

    public static final String SESSION_A = "aaaaaaaa-0000-4000-8000-000000000001";
    public static final String SESSION_B = "bbbbbbbb-0000-4000-8000-000000000002";

    /** Tables whose content is the store's data; import_state is bookkeeping and compared apart. */
    public static final List<String> DATA_TABLES = List.of(
            "sessions", "messages", "token_usage", "tool_results", "summaries", "import_errors", "token_usage_hourly");

    private TestStores() {}

    /** The store's pools, which only the store's own tests reach into. */
    public static io.lockbench.store.db.ConnectionProvider connections(SessionStore store) {
        return store.connections();
    }

    public static StoreConfig config(Path dir) {
        return StoreConfig.defaults(dir.resolve("store.db"));
    }

    /** The defaults in {@code dir} with {@code key, value, key, value...} applied. */
    public static StoreConfig config(Path dir, Object... settings) {
        StoreConfig config = config(dir);
        for (int i = 0; i < settings.length; i += 2) {
            config = config.with(settings[i].toString(), settings[i + 1]);
        }
        return config;
    }

    /** Copies the transcript fixture tree into {@code dir} and returns its projects root. */
    public static synchronized Path copyFixture(Path dir) {
        try {
            java.net.URI uri =
                    TestStores.class.getResource("/fixtures/projects").toURI();
            if (!"jar".equals(uri.getScheme())) {
                return copyTree(Path.of(uri), dir.resolve("projects"));
            }
            // From another module's tests the fixture is inside this module's test jar.
            try (java.nio.file.FileSystem jar = java.nio.file.FileSystems.newFileSystem(uri, Map.of())) {
                return copyTree(jar.getPath("/fixtures/projects"), dir.resolve("projects"));
            }
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies the directory tree {@code source} to {@code target} and returns {@code target}. */
    public static Path copyTree(Path source, Path target) {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every data table as sorted text rows, with file ids replaced by file paths relative to the
     * directory all files share (ids are handed out in the order files are first seen), so databases
     * built by different strategies, in different steps, from files read in another order or from
     * copies of one tree in different places can be compared for equality.
     */
    public static Map<String, List<String>> dump(SessionStore store) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        try (Connection c = store.connections().openWriter();
                Statement s = c.createStatement()) {
            Map<Long, String> paths = filePaths(s);
            for (String table : DATA_TABLES) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            String column = meta.getColumnName(i);
                            String value = rs.getString(i);
                            if (column.endsWith("file_id") && value != null) {
                                value = paths.getOrDefault(rs.getLong(i), "file#" + value);
                            }
                            row.append(column).append('=').append(value).append(' ');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                tables.put(table, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return tables;
    }

    private static Map<Long, String> filePaths(Statement s) throws SQLException {
        Map<Long, Path> absolute = new HashMap<>();
        try (ResultSet rs = s.executeQuery("SELECT file_id, path FROM import_state")) {
            while (rs.next()) {
                absolute.put(rs.getLong(1), Path.of(rs.getString(2)));
            }
        }
        Path common = null;
        for (Path p : absolute.values()) {
            Path parent = p.getParent();
            if (common == null) {
                common = parent;
            }
            while (common != null && !parent.startsWith(common)) {
                common = common.getParent();
            }
        }
        Map<Long, String> relative = new HashMap<>();
        for (Map.Entry<Long, Path> e : absolute.entrySet()) {
            relative.put(
                    e.getKey(),
                    common == null
                            ? e.getValue().toString()
                            : common.relativize(e.getValue()).toString());
        }
        return relative;
    }

    /**
     * Every answer the repository gives about the store's content: all session pages, each session's
     * detail and timelines in every bucket, the global timelines over all time and over an unaligned
     * range (the rollup and the raw path), and the activity of every day. Two stores with the same
     * answers look the same to every reader.
     */
    public static Map<String, Object> answers(SessionStore store) {
        Map<String, Object> answers = new LinkedHashMap<>();
        SessionQueries queries = store.queries();
        SessionPage all = queries.listSessions(0, SessionQueries.MAX_PAGE);
        answers.put("sessions", all);
        answers.put("page 2 of 3", queries.listSessions(3, 3));
        answers.put("active", queries.activeSessions(java.time.Instant.EPOCH));
        for (SessionSummary session : all.sessions()) {
            String id = session.sessionId();
            answers.put("session " + id, queries.session(id));
            for (Bucket bucket : Bucket.values()) {
                answers.put("timeline " + id + " " + bucket, queries.sessionTimeline(id, bucket));
            }
        }
        for (Bucket bucket : Bucket.values()) {
            answers.put("global " + bucket, queries.globalTimeline(bucket));
            answers.put(
                    "global unaligned " + bucket,
                    queries.globalTimeline(bucket, java.time.Instant.ofEpochMilli(1), Timestamps.END));
        }
        answers.put("activity", queries.activity(Timestamps.MIN, Timestamps.END));
        return answers;
    }

    public static long count(SessionStore store, String sql) {
        try (Connection c = store.connections().openWriter();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
