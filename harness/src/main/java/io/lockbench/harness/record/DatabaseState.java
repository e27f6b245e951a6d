package io.lockbench.harness.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a database file and its WAL looked like at one moment, to tell a command that wrote its database
 * from one that never touched it: a recording that saw no lock where the files changed measured nothing,
 * which must never read as zero.
 */
record DatabaseState(
        boolean exists, Object fileKey, long size, long modifiedMillis, long walSize, long walModifiedMillis) {

    static DatabaseState of(Path database) {
        try {
            BasicFileAttributes db =
                    Files.readAttributes(database, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            long walSize = 0;
            long walModified = 0;
            Path wal = database.resolveSibling(database.getFileName() + "-wal");
            if (Files.exists(wal)) {
                BasicFileAttributes w = Files.readAttributes(wal, BasicFileAttributes.class);
                walSize = w.size();
                walModified = w.lastModifiedTime().toMillis();
            }
            return new DatabaseState(
                    true, db.fileKey(), db.size(), db.lastModifiedTime().toMillis(), walSize, walModified);
        } catch (IOException e) {
            return new DatabaseState(false, null, 0, 0, 0, 0);
        }
    }

    boolean changedSince(DatabaseState before) {
        return exists && !equals(before);
    }

    String describeChange(DatabaseState before) {
        if (!before.exists()) {
            return "it was created";
        }
        if (fileKey != null && !fileKey.equals(before.fileKey())) {
            return "another file took its path";
        }
        return "its size or modification time changed";
    }
}
