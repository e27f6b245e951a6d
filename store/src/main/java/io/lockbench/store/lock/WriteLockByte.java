package io.lockbench.store.lock;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Whether another connection holds a SQLite database's write lock, tested on the lock byte itself with a
 * shared POSIX lock from a read-only file handle, so the test needs no write access and can change
 * nothing: a SQLite connection on any database (another application's too) could not, since opening one
 * that may write lets its close checkpoint a WAL into the file.
 *
 * <p>The bytes are SQLite's (os_unix.c): in rollback mode a writer holds {@code RESERVED_BYTE}
 * ({@code PENDING_BYTE + 1}, 0x40000001) of the database file from its first write to its commit; in
 * WAL mode it holds byte 120 of the {@code -shm} file ({@code WALINDEX_LOCK_OFFSET + WAL_WRITE_LOCK}).
 * A read lock on that byte is refused exactly while a writer holds it. Holding the read lock for the
 * instant of the test keeps another writer out for that instant, as {@code BEGIN IMMEDIATE} would.
 *
 * <p>POSIX locks belong to the process and closing any handle of a file drops all of them: no SQLite
 * connection of this process may be open on the file while it runs.
 */
public final class WriteLockByte {

    public static final long RESERVED_BYTE = 0x40000001L;
    public static final long WAL_WRITE_LOCK_BYTE = 120;

    public enum State {
        FREE,
        LOCKED,
        UNKNOWN
    }

    /**
     * What the test found: {@code FREE} (the lock was free after {@code millis}), {@code LOCKED} (held
     * for all of {@code millis}) or {@code UNKNOWN} ({@code detail} says why).
     */
    public record Result(State state, double millis, String detail) {}

    private WriteLockByte() {}

    /** Tests the write lock of {@code db} in {@code journalMode}, retrying for up to {@code waitMs}. */
    public static Result test(Path db, String journalMode, int waitMs) {
        boolean wal = "wal".equals(journalMode.toLowerCase(Locale.ROOT));
        Path file = wal ? Path.of(db + "-shm") : db;
        long lockByte = wal ? WAL_WRITE_LOCK_BYTE : RESERVED_BYTE;
        long started = System.nanoTime();
        long deadline = started + waitMs * 1_000_000L;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (true) {
                try (FileLock lock = channel.tryLock(lockByte, 1, true)) {
                    if (lock != null) {
                        return new Result(State.FREE, millisSince(started), "");
                    }
                }
                if (System.nanoTime() >= deadline) {
                    return new Result(
                            State.LOCKED,
                            millisSince(started),
                            wal
                                    ? "byte 120 of the -shm file is write-locked"
                                    : "SQLite's RESERVED byte is write-locked");
                }
                Thread.sleep(1);
            }
        } catch (NoSuchFileException e) {
            // A WAL database without -shm has no connection, so no writer.
            return wal && Files.exists(db)
                    ? new Result(State.FREE, millisSince(started), "no connection has it open")
                    : new Result(State.UNKNOWN, millisSince(started), "no file " + file);
        } catch (IOException e) {
            return new Result(State.UNKNOWN, millisSince(started), "cannot lock " + file + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(State.UNKNOWN, millisSince(started), "interrupted");
        }
    }

    private static double millisSince(long started) {
        return (System.nanoTime() - started) / 1e6;
    }
}
