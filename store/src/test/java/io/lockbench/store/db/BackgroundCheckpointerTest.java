package io.lockbench.store.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.sessions.ImportOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundCheckpointerTest {

    @TempDir
    Path dir;

    private static int autocheckpoint(Connection c) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA wal_autocheckpoint")) {
            return rs.getInt(1);
        }
    }

    @Test
    void checkpointsTheWalWhileTheWriterDoesNot() throws Exception {
        StoreConfig config = TestStores.config(dir, StoreConfig.WAL_AUTOCHECKPOINT, "20");
        try (Connection writer = ConnectionProvider.openUnpooled(config);
                Statement s = writer.createStatement()) {
            BackgroundCheckpointer.pauseAutomaticCheckpoints(writer);
            s.execute("CREATE TABLE t (x BLOB)");
            BackgroundCheckpointer checkpointer = BackgroundCheckpointer.start(config);
            try {
                for (int i = 0; i < 100; i++) {
                    s.execute("INSERT INTO t VALUES (randomblob(3000))");
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                WalFiles.State wal = WalFiles.readOnce(config.path());
                while (wal.logFrames() - wal.checkpointedFrames() >= 20 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                    wal = WalFiles.readOnce(config.path());
                }
                assertThat(wal.checkpointedFrames())
                        .as("frames copied back into the database")
                        .isPositive();
                assertThat(wal.logFrames() - wal.checkpointedFrames()).isLessThan(20);
            } finally {
                checkpointer.close();
            }
            assertThat(checkpointer.checkpoints()).isPositive();
            BackgroundCheckpointer.resumeAutomaticCheckpoints(writer, config);
            assertThat(autocheckpoint(writer)).isEqualTo(20);
        }
    }

    @Test
    void doesNothingWithoutWalOrWithCheckpointsOff() {
        assertThat(BackgroundCheckpointer.start(TestStores.config(dir, StoreConfig.WAL_AUTOCHECKPOINT, "0")))
                .isNull();
        assertThat(BackgroundCheckpointer.start(TestStores.config(dir, StoreConfig.JOURNAL_MODE, "delete")))
                .isNull();
    }

    @Test
    void anImportLeavesTheWriterWithItsConfiguredAutomaticCheckpoint() throws Exception {
        StoreConfig config = TestStores.config(dir, StoreConfig.WAL_AUTOCHECKPOINT, "50");
        try (SessionStore store = SessionStore.open(config)) {
            store.importer().importAll(TestStores.copyFixture(dir), ImportOptions.defaults());
            try (Connection writer = store.connections().openWriter()) {
                assertThat(autocheckpoint(writer)).isEqualTo(50);
            }
        }
    }
}
