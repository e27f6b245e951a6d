package io.lockbench.store.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.store.TestStores;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.db.ConnectionProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Reading the WAL's state from its files must agree with SQLite and change nothing. */
class WalFilesTest {

    @TempDir
    Path dir;

    /**
     * Opens, reads and closes the files. Safe here only because no other process uses these databases:
     * the close drops this process's POSIX locks on the files (see the last test).
     */
    private static WalFiles.State readOnce(Path database) {
        try (WalFiles files = WalFiles.open(database)) {
            return files.read();
        }
    }

    private static void write(Connection c, int rows) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS t (x TEXT)");
            for (int i = 0; i < rows; i++) {
                s.execute("INSERT INTO t VALUES (randomblob(3000))");
            }
        }
    }

    @Test
    void framesMatchWhatSqliteReportsAndSamplingNeverCheckpoints() throws Exception {
        StoreConfig config = TestStores.config(dir, Settings.WAL_AUTOCHECKPOINT, "0");
        try (Connection c = ConnectionProvider.openUnpooled(config)) {
            write(c, 20);
            WalFiles.State first = readOnce(config.path());
            for (int i = 0; i < 50; i++) {
                readOnce(config.path());
            }
            write(c, 20);
            WalFiles.State second = readOnce(config.path());

            assertThat(first.logFrames()).isPositive();
            assertThat(second.logFrames()).isGreaterThan(first.logFrames());
            assertThat(second.checkpointedFrames())
                    .as("nothing was checkpointed by sampling")
                    .isZero();
            assertThat(second.walBytes())
                    .isGreaterThan(first.walBytes())
                    .isEqualTo(Files.size(Path.of(config.path() + "-wal")));

            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                rs.next();
                long log = rs.getLong(2);
                long checkpointed = rs.getLong(3);
                WalFiles.State after = readOnce(config.path());
                assertThat(after.logFrames()).isEqualTo(log).isEqualTo(second.logFrames());
                assertThat(after.checkpointedFrames()).isEqualTo(checkpointed).isEqualTo(log);
            }
            long sequence = readOnce(config.path()).checkpointSequence();
            write(c, 1); // the first write after a full checkpoint restarts the log
            assertThat(readOnce(config.path()).checkpointSequence()).isEqualTo(sequence + 1);
        }
    }

    @Test
    void theWalIsGoneOnceTheLastConnectionClosesEvenWhileSampled() throws Exception {
        StoreConfig config = TestStores.config(dir);
        try (Connection c = ConnectionProvider.openUnpooled(config)) {
            write(c, 5);
            assertThat(readOnce(config.path()).walBytes()).isPositive();
        }
        WalFiles.State closed = readOnce(config.path());
        assertThat(closed.walBytes()).isZero();
        assertThat(Path.of(config.path() + "-wal")).doesNotExist();
    }

    @Test
    void aDatabaseWithoutWalFilesReportsNothingKnown() {
        WalFiles.State state = readOnce(dir.resolve("none.db"));
        assertThat(state).isEqualTo(new WalFiles.State(0, -1, -1, -1));
    }

    /** POSIX locks this process holds on {@code file}, from the kernel's table. */
    private static long locksHeldOn(Path file) throws Exception {
        long inode = (Long) Files.getAttribute(file, "unix:ino");
        String pid = Long.toString(ProcessHandle.current().pid());
        return Files.readAllLines(Path.of("/proc/locks")).stream()
                .map(line -> line.trim().split("\\s+", -1))
                .filter(f -> f.length > 5 && f[1].equals("POSIX") && f[4].equals(pid))
                .filter(f -> f[5].endsWith(":" + inode))
                .count();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void samplingWithKeptDescriptorsLeavesSqlitesLocksOnTheWalIndexInPlace() throws Exception {
        StoreConfig config = TestStores.config(dir, Settings.WAL_AUTOCHECKPOINT, "0");
        Path shm = Path.of(config.path() + "-shm");
        try (Connection c = ConnectionProvider.openUnpooled(config);
                Statement s = c.createStatement()) {
            write(c, 5);
            s.execute("BEGIN");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
                rs.next(); // a read transaction: SQLite now holds a read-mark lock on the -shm file
            }
            long held = locksHeldOn(shm);
            assertThat(held).isPositive();
            try (WalFiles files = WalFiles.open(config.path())) {
                for (int i = 0; i < 3; i++) {
                    assertThat(files.read().logFrames()).isPositive();
                }
                assertThat(locksHeldOn(shm))
                        .as("locks after sampling with kept descriptors")
                        .isEqualTo(held);
                // Why the descriptors are kept: one open-and-close of the file drops all of them.
                readOnce(config.path());
                assertThat(locksHeldOn(shm)).as("locks after one readOnce").isLessThan(held);
            }
            s.execute("COMMIT");
        }
    }
}
