package io.lockbench.store.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * What a database path holds, found out without changing it: the path is checked as a file first
 * (a device, pipe or directory is never opened), then read through a read-only SQLite connection that
 * sets no PRAGMA, so a foreign database is recognised before any journal mode, table or trigger of
 * lockbench's touches it. lockbench marks its own files with {@code PRAGMA application_id}, the field
 * SQLite keeps for exactly this; files from before the marker are recognised by their tables.
 */
public final class DatabaseFile {

    /** {@code PRAGMA application_id} of a lockbench database: "LKB1". */
    public static final int APPLICATION_ID = 0x4C4B4231;

    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> OWN_TABLES = List.of("import_state", "sessions", "messages", "token_usage");

    public enum Kind {
        /** Nothing at the path. */
        MISSING,
        /** A file with no tables yet (zero bytes, or an SQLite file with an empty schema). */
        EMPTY,
        /** A lockbench database. */
        LOCKBENCH,
        /** Another application's SQLite database. */
        FOREIGN,
        /** A file that is not an SQLite database. */
        NOT_SQLITE,
        /** A directory, device, pipe or socket. */
        NOT_A_FILE
    }

    /** What was found, with a description for messages. */
    public record Inspection(Path path, Kind kind, int userVersion, String description) {}

    private DatabaseFile() {}

    public static Inspection inspect(Path path, int busyTimeoutMs) {
        if (!Files.exists(path)) {
            return new Inspection(path, Kind.MISSING, 0, "no file");
        }
        if (!Files.isRegularFile(path)) {
            return new Inspection(
                    path,
                    Kind.NOT_A_FILE,
                    0,
                    Files.isDirectory(path) ? "a directory" : "not a regular file" + " (a device, pipe or socket)");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(MAGIC.length);
        } catch (IOException e) {
            return new Inspection(path, Kind.NOT_A_FILE, 0, "unreadable (" + e.getMessage() + ")");
        }
        if (head.length == 0) {
            return new Inspection(path, Kind.EMPTY, 0, "an empty file");
        }
        if (!Arrays.equals(head, MAGIC)) {
            return new Inspection(path, Kind.NOT_SQLITE, 0, "not an SQLite database (no SQLite header)");
        }
        try (Connection c = openReadOnly(path, busyTimeoutMs);
                Statement s = c.createStatement()) {
            int applicationId = intPragma(s, "application_id");
            int userVersion = intPragma(s, "user_version");
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            if (applicationId == APPLICATION_ID) {
                return new Inspection(path, Kind.LOCKBENCH, userVersion, "a lockbench database");
            }
            if (applicationId == 0 && tables.isEmpty()) {
                return new Inspection(path, Kind.EMPTY, userVersion, "an SQLite database without tables");
            }
            if (applicationId == 0 && tables.containsAll(OWN_TABLES) && userVersion >= 1) {
                return new Inspection(
                        path,
                        Kind.LOCKBENCH,
                        userVersion,
                        "a lockbench database from before the application_id marker");
            }
            String shown = tables.size() <= 5
                    ? String.join(", ", tables)
                    : String.join(", ", tables.subList(0, 5)) + " and " + (tables.size() - 5) + " more";
            return new Inspection(
                    path,
                    Kind.FOREIGN,
                    userVersion,
                    String.format(
                            Locale.ROOT,
                            "another application's SQLite database (application_id 0x%08x, user_version %d, tables: %s)",
                            applicationId,
                            userVersion,
                            shown.isEmpty() ? "none" : shown));
        } catch (SQLException e) {
            if (SqliteFailures.resultCode(e)
                    .map(code -> (code.code & 0xff) == 26)
                    .orElse(false)) {
                return new Inspection(path, Kind.NOT_SQLITE, 0, "not an SQLite database (file is not a database)");
            }
            throw SqliteFailures.describe(path, busyTimeoutMs, e);
        }
    }

    /**
     * Whether the header marks a WAL database: file format write and read versions 2 (bytes 18 and 19).
     * Such a file stays in WAL mode until a connection changes it, whatever a connection that did not
     * open the WAL reports.
     */
    public static boolean walHeader(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(20);
            return head.length == 20 && head[18] == 2 && head[19] == 2;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A read-only connection that sets no PRAGMA: opening it changes nothing in the file. On a WAL
     * database that no connection has open (no {@code -shm} file), even a read-only connection would
     * create {@code -wal} and {@code -shm} and could not remove them; the file is then opened
     * {@code immutable}, which reads it without locks or side files, safe because nobody writes it (a
     * {@code -wal} a crashed writer left is then not read: the database file as it is).
     */
    public static Connection openReadOnly(Path path, int busyTimeoutMs) throws SQLException {
        return openReadOnly(path, busyTimeoutMs, true);
    }

    /**
     * {@link #openReadOnly(Path, int)}, or with {@code immutableWhenIdle} false always through SQLite's
     * locks (for a read that must be consistent although another process may open the file meanwhile).
     */
    static Connection openReadOnly(Path path, int busyTimeoutMs, boolean immutableWhenIdle) throws SQLException {
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        readOnly.setBusyTimeout(busyTimeoutMs);
        Path absolute = path.toAbsolutePath();
        if (immutableWhenIdle && idleWal(absolute)) {
            readOnly.setOpenMode(SQLiteOpenMode.OPEN_URI);
            return DriverManager.getConnection(
                    "jdbc:sqlite:file:" + absolute.toUri().getRawPath() + "?immutable=1", readOnly.toProperties());
        }
        return DriverManager.getConnection("jdbc:sqlite:" + absolute, readOnly.toProperties());
    }

    /**
     * A WAL database that no connection has open: no {@code -shm} file beside it (every connection to a WAL
     * database keeps one while it is open). A {@code -wal} left by a writer that crashed may still be there;
     * reading immutable leaves it unread and untouched.
     */
    static boolean idleWal(Path absolute) {
        return walHeader(absolute) && !Files.exists(Path.of(absolute + "-shm"));
    }

    private static int intPragma(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
