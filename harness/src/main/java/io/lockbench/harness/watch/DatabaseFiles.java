package io.lockbench.harness.watch;

import io.lockbench.store.lock.LockTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The files of one SQLite database as the lock table names them: the database and its {@code -shm},
 * {@code -wal} and {@code -journal}, by device and inode (so a rename, a hard link or a symbolic link
 * to the database is the same file). Found with {@code stat} only: nothing is opened.
 */
public final class DatabaseFiles {

    /** What became of the database path during the watch. */
    public enum PathChange {
        NONE,
        /** Nothing is at the path any more. */
        REMOVED,
        /** Another file is at the path (a new inode). */
        REPLACED
    }

    private final Path database;

    private LockTable.FileId main;
    private LockTable.FileId shm;
    private LockTable.FileId journal;
    private PathChange change = PathChange.NONE;
    private boolean dotLock;
    private String contentStamp = "";

    public DatabaseFiles(Path database) {
        this.database = database.toAbsolutePath();
    }

    public Path database() {
        return database;
    }

    public Path wal() {
        return sibling("-wal");
    }

    private Path sibling(String suffix) {
        return database.resolveSibling(database.getFileName() + suffix);
    }

    /**
     * Looks the files up again: the -shm and -journal come and go with connections and transactions.
     * Once the path no longer names the file the watch began with (deleted, or replaced by another),
     * the watch keeps following the files it knew: processes that had the database open go on
     * locking those inodes, and a new file at the path is another database.
     */
    public void refresh() throws IOException {
        LockTable.FileId now = LockTable.fileId(database);
        if (main == null || (now != null && now.equals(main))) {
            main = now;
            shm = LockTable.fileId(sibling("-shm"));
            journal = LockTable.fileId(sibling("-journal"));
            dotLock = Files.exists(sibling(".lock"));
            contentStamp = stamp(database) + "|" + stamp(wal()) + "|" + journal;
        } else if (change == PathChange.NONE) {
            change = now == null ? PathChange.REMOVED : PathChange.REPLACED;
        }
    }

    /** Whether the path still names the file the watch began with. */
    public PathChange pathChange() {
        return change;
    }

    /**
     * Whether SQLite's {@code unix-dotfile} lock (a {@code DATABASE.lock} directory) exists: that VFS
     * locks with it instead of POSIX locks, which the lock table never shows.
     */
    public boolean dotLockExists() {
        return dotLock;
    }

    /**
     * Modification time and size of the database and its WAL, and the journal's inode: when this
     * changes, something wrote to the database.
     */
    public String contentStamp() {
        return contentStamp;
    }

    private static String stamp(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.lastModifiedTime().toInstant() + "/" + attributes.size();
        } catch (IOException e) {
            return "-";
        }
    }

    public LockTable.FileId main() {
        return main;
    }

    public LockTable.FileId shm() {
        return shm;
    }

    public LockTable.FileId journal() {
        return journal;
    }

    /** Whether a lock on a file with this inode may be one of these files' (the device is checked later). */
    public boolean isOneOf(long inode) {
        return (main != null && main.inode() == inode)
                || (shm != null && shm.inode() == inode)
                || (journal != null && journal.inode() == inode);
    }

    /** The size of the -wal file, 0 when there is none: a stat, not a read. */
    public long walBytes() {
        try {
            return Files.size(wal());
        } catch (IOException e) {
            return 0;
        }
    }
}
