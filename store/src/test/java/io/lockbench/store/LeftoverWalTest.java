package io.lockbench.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.store.config.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another application's WAL database as a crashed writer leaves it (a {@code -wal} with committed
 * transactions, no {@code -shm}): diagnosing it and copying it (store.from) add no file beside it, and
 * the copy holds what the {@code -wal} committed.
 */
class LeftoverWalTest {

    @TempDir
    Path dir;

    /** The database and its -wal as they were while a writer had them open, without the -shm. */
    private Path crashed() throws Exception {
        Path live = Files.createDirectories(dir.resolve("live")).resolve("app.db");
        Path copy = Files.createDirectories(dir.resolve("app")).resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = wal");
            s.execute("PRAGMA wal_autocheckpoint = 0");
            s.execute("CREATE TABLE t (x)");
            s.execute("INSERT INTO t VALUES (1), (2), (3)");
            Files.copy(live, copy);
            Files.copy(Path.of(live + "-wal"), Path.of(copy + "-wal"));
        }
        assertThat(Path.of(copy + "-wal")).isNotEmptyFile();
        assertThat(Path.of(copy + "-shm")).doesNotExist();
        return copy;
    }

    @Test
    void diagnosingIt_createsNoShmBesideIt() throws Exception {
        Path db = crashed();
        Database.of(StoreConfig.defaults(db)).diagnose(1000);
        assertThat(Path.of(db + "-shm")).doesNotExist();
    }

    @Test
    void copyingIt_takesWhatTheWalCommitted_andLeavesNoFileBesideIt() throws Exception {
        Path db = crashed();
        byte[] before = Files.readAllBytes(db);
        Path target = dir.resolve("run/copy.db");
        Files.createDirectories(target.getParent());
        Database.of(StoreConfig.defaults(target)).copyFrom(db);
        assertThat(Path.of(db + "-shm")).doesNotExist();
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + target);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(3);
        }
        try (var files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .allMatch(n -> n.startsWith("copy.db"))
                    .noneMatch(n -> n.contains(".from"));
        }
    }
}
