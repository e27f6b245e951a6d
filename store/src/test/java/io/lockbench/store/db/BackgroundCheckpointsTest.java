package io.lockbench.store.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.importer.ImportOptions;
import io.lockbench.store.wal.WalFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundCheckpointsTest {

    @TempDir
    Path dir;

    private static void write(Connection c, int rows) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS t (x BLOB)");
            for (int i = 0; i < rows; i++) {
                s.execute("INSERT INTO t VALUES (randomblob(3000))");
            }
        }
    }

    private static int autocheckpoint(Connection c) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA wal_autocheckpoint")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void copiesCommittedFramesBackWhileTheWriterKeepsItsConnection() throws Exception {
        // The writer never checkpoints itself, so any frame copied back was copied by the thread.
        StoreConfig config = TestStores.config(dir, Settings.WAL_AUTOCHECKPOINT, "100000");
        // WalFiles closes last: closing its descriptors drops this process's locks on the files.
        try (WalFiles wal = WalFiles.open(config.path());
                Connection writer = ConnectionProvider.openUnpooled(config)) {
            write(writer, 50);
            assertThat(wal.read().checkpointedFrames()).isZero();
            try (BackgroundCheckpoints checkpoints = BackgroundCheckpoints.start(config)) {
                assertThat(checkpoints.running()).isTrue();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (wal.read().checkpointedFrames() < wal.read().logFrames() && System.nanoTime() < deadline) {
                    Thread.sleep(BackgroundCheckpoints.PERIOD_MILLIS);
                }
            }
            WalFiles.State after = wal.read();
            assertThat(after.checkpointedFrames()).isPositive().isEqualTo(after.logFrames());
        }
    }

    @Test
    void nothingRunsWhereCheckpointsAreNotAutomatic() {
        try (BackgroundCheckpoints off =
                        BackgroundCheckpoints.start(TestStores.config(dir, Settings.WAL_AUTOCHECKPOINT, "0"));
                BackgroundCheckpoints rollback = BackgroundCheckpoints.start(
                        TestStores.config(dir.resolve("other"), Settings.JOURNAL_MODE, "delete"))) {
            assertThat(off.running()).isFalse();
            assertThat(rollback.running()).isFalse();
        }
    }

    @Test
    void anImportGivesTheWriterConnectionItsConfiguredThresholdBack() throws Exception {
        StoreConfig config = TestStores.config(dir, Settings.WAL_AUTOCHECKPOINT, "1234");
        try (SessionStore store = SessionStore.open(config)) {
            store.importer().importAll(TestStores.copyFixture(dir), ImportOptions.defaults());
            try (Connection writer = TestStores.connections(store).openWriter()) {
                assertThat(autocheckpoint(writer)).isEqualTo(1234);
            }
        }
    }
}
