package io.lockbench.store.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code import_state} table: per file, how far the import got. The offset is always written in
 * the transaction that wrote the rows it covers, so it can never claim a line that was not stored.
 */
final class ImportStates {

    /** How many leading bytes identify a file: a replaced file differs in them, an appended one does not. */
    static final int FINGERPRINT_BYTES = 4096;

    record State(long fileId, long sizeBytes, long offset, long lineCount, String fingerprint, int fingerprintLen) {}

    private ImportStates() {}

    static State load(Connection connection, Path path) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT file_id, size_bytes, offset_bytes, line_count, fingerprint, fingerprint_len"
                        + " FROM import_state WHERE path = ?")) {
            select.setString(1, key(path));
            try (ResultSet rs = select.executeQuery()) {
                return rs.next()
                        ? new State(
                                rs.getLong(1),
                                rs.getLong(2),
                                rs.getLong(3),
                                rs.getLong(4),
                                rs.getString(5),
                                rs.getInt(6))
                        : null;
            }
        }
    }

    /** Registers a new file with nothing imported yet; returns its state (existing or new). */
    static State register(Connection connection, Path path) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO import_state (path, size_bytes, offset_bytes, line_count, fingerprint, fingerprint_len)"
                        + " VALUES (?, 0, 0, 0, '', 0) ON CONFLICT (path) DO NOTHING")) {
            insert.setString(1, key(path));
            insert.executeUpdate();
        }
        return load(connection, path);
    }

    /** Moves a file's committed offset with {@link WriterStatements#ADVANCE_STATE}, inside the transaction of its rows. */
    static void advance(
            PreparedStatement update,
            long fileId,
            long size,
            long offset,
            long lineCount,
            String fingerprint,
            int fingerprintLen)
            throws SQLException {
        update.setLong(1, size);
        update.setLong(2, offset);
        update.setLong(3, lineCount);
        update.setString(4, fingerprint);
        update.setInt(5, fingerprintLen);
        update.setLong(6, fileId);
        update.executeUpdate();
    }

    /**
     * Forgets everything imported from a file that was truncated or replaced, so that reading it again
     * gives what a clean import of its new content gives. The owning session's activity window is
     * recomputed from the messages that remain (other files, such as subagents, may still add to it),
     * and its cwd, branch and version are taken again from the file's new first records. The session row
     * itself stays while the file is read again, so a reader never sees a session vanish and come back;
     * {@link #dropSessionIfEmpty} removes it if the new content gives it nothing.
     *
     * <p>Known limits: a response that this file owned but another file replayed is not handed over to
     * the other file (that file is not read again), and a tool call whose use and result came from two
     * files loses both halves when either file is reset.
     */
    static void reset(Connection connection, long fileId, String ownSessionId) throws SQLException {
        String[] deletes = {
            "DELETE FROM messages WHERE file_id = ?",
            "DELETE FROM token_usage WHERE file_id = ?",
            "DELETE FROM summaries WHERE file_id = ?",
            "DELETE FROM import_errors WHERE file_id = ?",
            "DELETE FROM tool_results WHERE use_file_id = ? OR result_file_id = ?",
            "UPDATE import_state SET size_bytes = 0, offset_bytes = 0, line_count = 0, fingerprint = '',"
                    + " fingerprint_len = 0 WHERE file_id = ?",
        };
        for (String sql : deletes) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                // Plain ? placeholders, bound once each: PostgreSQL's driver has no numbered ?1.
                for (int i = 1; i <= statement.getParameterMetaData().getParameterCount(); i++) {
                    statement.setLong(i, fileId);
                }
                statement.executeUpdate();
            }
        }
        if (ownSessionId != null) {
            try (PreparedStatement recompute = connection.prepareStatement(
                    "UPDATE sessions SET cwd = NULL, git_branch = NULL, version = NULL, attrs_ts = NULL,"
                            + " first_ts = (SELECT min(ts) FROM messages WHERE session_id = ?),"
                            + " last_ts = (SELECT max(ts) FROM messages WHERE session_id = ?) WHERE session_id = ?")) {
                recompute.setString(1, ownSessionId);
                recompute.setString(2, ownSessionId);
                recompute.setString(3, ownSessionId);
                recompute.executeUpdate();
            }
        }
    }

    /** Deletes a session that no file gives a row any more, as a clean import would not list it. */
    static void dropSessionIfEmpty(Connection connection, String sessionId) throws SQLException {
        try (PreparedStatement orphan = connection.prepareStatement("DELETE FROM sessions WHERE session_id = ?"
                + " AND NOT EXISTS (SELECT 1 FROM messages WHERE session_id = ?)"
                + " AND NOT EXISTS (SELECT 1 FROM token_usage WHERE session_id = ?)"
                + " AND NOT EXISTS (SELECT 1 FROM tool_results WHERE session_id = ?)")) {
            for (int i = 1; i <= 4; i++) {
                orphan.setString(i, sessionId);
            }
            orphan.executeUpdate();
        }
    }

    /** Deletes every imported row and every file's state: the store as a first import finds it. */
    static void forgetAll(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // The rollup first: its delete trigger then finds nothing to subtract for each usage row.
            for (String table : List.of(
                    "token_usage_hourly",
                    "token_usage",
                    "messages",
                    "tool_results",
                    "summaries",
                    "import_errors",
                    "sessions",
                    "import_state")) {
                statement.executeUpdate("DELETE FROM " + table);
            }
        }
    }

    /** SHA-256 of the first {@code length} bytes of the file, hex encoded. */
    static String fingerprint(Path file, int length) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(length);
            if (head.length < length) {
                return "";
            }
            return HexFormat.of().formatHex(digest.digest(head));
        }
    }

    static String key(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }
}
