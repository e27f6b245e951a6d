package io.lockbench.harness.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The files of one SQLite database as the lock table names them: the database and its {@code -shm},
 * {@code -wal} and {@code -journal}, by device and inode (so a rename, a hard link or a symbolic link
 * to the database is the same file). Found with {@code stat} only: nothing is opened.
 */
public final class DatabaseFiles {

    private final Path database;

    private LockTable.FileId main;
    private LockTable.FileId shm;
    private LockTable.FileId journal;

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

    /** Looks the files up again: the -shm and -journal come and go with connections and transactions. */
    public void refresh() throws IOException {
        main = id(database);
        shm = id(sibling("-shm"));
        journal = id(sibling("-journal"));
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

    static LockTable.FileId id(Path file) throws IOException {
        try {
            long dev = (Long) Files.getAttribute(file, "unix:dev");
            long inode = (Long) Files.getAttribute(file, "unix:ino");
            return new LockTable.FileId(major(dev), minor(dev), inode);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** glibc's gnu_dev_major: st_dev as userspace sees it, split into the numbers the kernel prints. */
    static int major(long dev) {
        return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
    }

    static int minor(long dev) {
        return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
    }
}
