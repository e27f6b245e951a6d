package io.lockbench.harness.watch;

import io.lockbench.store.lock.LockTable;
import io.lockbench.store.lock.WriteLockByte;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the lock table says about one database at one instant, read at the byte offsets of SQLite's
 * unix VFS (checked against SQLite's wal.c and os_unix.c):
 * <ul>
 *   <li>WAL mode, on the {@code -shm} file: the write lock at byte 120, the checkpointer at 121,
 *       recovery at 122, read marks 0–4 at 123–127, and at 128 the shared lock every connection holds
 *       while it has the wal-index open;</li>
 *   <li>rollback-journal mode, on the database file: PENDING at 0x40000000, RESERVED at +1 (the write
 *       lock of a writing transaction), the SHARED range of 510 bytes from +2 (read by readers, written
 *       by a writer that commits: EXCLUSIVE).</li>
 * </ul>
 *
 * @param writer       pid holding the write lock (WAL write lock, or RESERVED/EXCLUSIVE), -1 for none
 * @param checkpointer pid running a checkpoint, -1 for none
 * @param readers      pid to the read-mark slots it holds (WAL) or an empty set (a SHARED reader in rollback mode)
 * @param connections  pids with the database open as the table shows it (WAL index or shared lock)
 * @param waiting      pids whose blocking lock requests on these files wait in the kernel
 */
public record LockState(
        long writer,
        long checkpointer,
        long recovering,
        Map<Long, TreeSet<Integer>> readers,
        TreeSet<Long> connections,
        TreeSet<Long> waiting,
        boolean walMode,
        long walBytes) {

    static final long WAL_WRITE = WriteLockByte.WAL_WRITE_LOCK_BYTE;
    static final long WAL_CHECKPOINT = 121;
    static final long WAL_RECOVER = 122;
    static final long WAL_READ_FIRST = 123;
    static final int WAL_READERS = 5;
    static final long WAL_DMS = 128;
    static final long RESERVED = WriteLockByte.RESERVED_BYTE;
    static final long PENDING = RESERVED - 1;
    static final long SHARED_FIRST = PENDING + 2;

    public static LockState of(List<LockTable.Entry> table, DatabaseFiles files, long walBytes) {
        long writer = -1;
        long checkpointer = -1;
        long recovering = -1;
        Map<Long, TreeSet<Integer>> readers = new TreeMap<>();
        TreeSet<Long> connections = new TreeSet<>();
        TreeSet<Long> waiting = new TreeSet<>();
        LockTable.FileId shm = files.shm();
        LockTable.FileId main = files.main();
        boolean walMode = shm != null;
        for (LockTable.Entry e : table) {
            LockTable.FileId file = e.file();
            boolean onShm = file.equals(shm);
            boolean onMain = file.equals(main);
            if (!onShm && !onMain && !file.equals(files.journal())) {
                continue;
            }
            if (e.blocked()) {
                waiting.add(e.pid());
                continue;
            }
            if (onShm) {
                if (e.write() && e.covers(WAL_WRITE)) {
                    writer = e.pid();
                }
                if (e.write() && e.covers(WAL_CHECKPOINT)) {
                    checkpointer = e.pid();
                }
                if (e.write() && e.covers(WAL_RECOVER)) {
                    recovering = e.pid();
                }
                for (int slot = 0; slot < WAL_READERS; slot++) {
                    if (!e.write() && e.covers(WAL_READ_FIRST + slot)) {
                        readers.computeIfAbsent(e.pid(), p -> new TreeSet<>()).add(slot);
                    }
                }
                if (e.covers(WAL_DMS)) {
                    connections.add(e.pid());
                }
            } else if (onMain) {
                if (e.covers(SHARED_FIRST)) {
                    connections.add(e.pid());
                }
                if (!walMode && e.write() && (e.covers(RESERVED) || e.covers(SHARED_FIRST) || e.covers(PENDING))) {
                    writer = e.pid();
                }
                if (!walMode && !e.write() && e.covers(SHARED_FIRST)) {
                    readers.computeIfAbsent(e.pid(), p -> new TreeSet<>());
                }
            }
        }
        return new LockState(writer, checkpointer, recovering, readers, connections, waiting, walMode, walBytes);
    }

    /**
     * True when the database is evidently in use but the table shows no lock on it: a -shm file
     * exists yet no connection holds its shared lock. The connections are then in another mount or
     * pid namespace, or use a VFS without POSIX locks ({@code unix-dotfile}, {@code unix-none}), or
     * a process died leaving the file behind.
     */
    public boolean notVisible() {
        return walMode && connections.isEmpty() && writer < 0;
    }
}
