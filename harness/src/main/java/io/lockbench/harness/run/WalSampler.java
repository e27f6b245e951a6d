package io.lockbench.harness.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The WAL at one moment of a run: its file size, and what a passive checkpoint (which never waits for
 * readers or writers) could copy back: busy flag, frames in the log, frames checkpointed.
 */
final class WalSampler {

    private WalSampler() {
    }

    static RunResult.WalSample sample(Connection checkpointer, Path walFile, long startNanos) {
        long bytes = 0;
        try {
            bytes = Files.exists(walFile) ? Files.size(walFile) : 0;
        } catch (IOException e) {
            bytes = -1;
        }
        int busy = -1;
        int log = -1;
        int checkpointed = -1;
        try (Statement s = checkpointer.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            if (rs.next()) {
                busy = rs.getInt(1);
                log = rs.getInt(2);
                checkpointed = rs.getInt(3);
            }
        } catch (SQLException e) {
            // a passive checkpoint that cannot run is recorded as -1: the sample still shows the WAL size
        }
        return new RunResult.WalSample((System.nanoTime() - startNanos) / 1e9, bytes, busy, log, checkpointed);
    }
}
