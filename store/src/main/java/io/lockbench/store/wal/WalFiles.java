package io.lockbench.store.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The state of a database's write-ahead log read from its files alone: no SQLite connection, no lock,
 * no checkpoint. Opening a connection to look would change what is looked at (a held connection
 * keeps SQLite from deleting the WAL when the last application connection closes, and a checkpoint
 * run to read the frame counts defeats {@code wal_autocheckpoint=0}).
 *
 * <p><b>Descriptors stay open.</b> SQLite coordinates processes with POSIX advisory locks on the
 * {@code -shm} file, and POSIX drops every lock a process holds on a file when the process closes
 * <em>any</em> descriptor of that file. A process that has its own SQLite connections to the database
 * must therefore never open and close these files while the connections are open: it keeps one
 * {@code WalFiles} per database and closes it only after its connections are closed.
 *
 * <p>Layouts, from SQLite's {@code wal.c}: the WAL header is 32 big-endian bytes with the checkpoint
 * sequence number at offset 12 (it grows each time a checkpoint lets the log restart). The wal-index
 * ({@code -shm}) holds two copies of a 48-byte header in native byte order, whose {@code mxFrame}
 * (frames in the log) sits at offset 16, followed at offset 96 by {@code nBackfill}, the frames a
 * checkpoint has copied back into the database. Readers of the wal-index compare the two header
 * copies to detect a torn read; so does this class.
 */
public final class WalFiles implements AutoCloseable {

    static final int WAL_HEADER_BYTES = 32;
    static final int WAL_CHECKPOINT_SEQUENCE = 12;
    static final int INDEX_HEADER_BYTES = 48;
    static final int INDEX_MX_FRAME = 16;
    static final int INDEX_BACKFILL = 96;

    private final Path wal;
    private final Path index;
    private FileChannel walChannel;
    private FileChannel indexChannel;

    private WalFiles(Path database) {
        this.wal = Path.of(database + "-wal");
        this.index = Path.of(database + "-shm");
    }

    /** A reader of the database's WAL files; each file is opened when first seen and kept open until {@link #close}. */
    public static WalFiles open(Path database) {
        return new WalFiles(database);
    }

    /**
     * What the files say; a field is -1 when its file is missing, too short or was being rewritten
     * while it was read. {@code walBytes} is 0 when there is no WAL file.
     */
    public record State(long walBytes, long checkpointSequence, long logFrames, long checkpointedFrames) {}

    public synchronized State read() {
        long walBytes;
        long sequence = -1;
        try {
            walBytes = Files.size(wal);
            if (walChannel == null) {
                walChannel = FileChannel.open(wal, StandardOpenOption.READ);
            }
            ByteBuffer header = head(walChannel, WAL_HEADER_BYTES, ByteOrder.BIG_ENDIAN);
            if (header != null) {
                sequence = Integer.toUnsignedLong(header.getInt(WAL_CHECKPOINT_SEQUENCE));
            }
        } catch (NoSuchFileException e) {
            walBytes = 0;
        } catch (IOException e) {
            walBytes = -1;
        }
        long frames = -1;
        long backfilled = -1;
        try {
            if (indexChannel == null) {
                indexChannel = FileChannel.open(index, StandardOpenOption.READ);
            }
            ByteBuffer shm = head(indexChannel, INDEX_BACKFILL + Integer.BYTES, ByteOrder.nativeOrder());
            if (shm != null
                    && shm.slice(0, INDEX_HEADER_BYTES).equals(shm.slice(INDEX_HEADER_BYTES, INDEX_HEADER_BYTES))) {
                frames = Integer.toUnsignedLong(shm.getInt(INDEX_MX_FRAME));
                backfilled = Integer.toUnsignedLong(shm.getInt(INDEX_BACKFILL));
            }
        } catch (IOException e) {
            // no wal-index (not in WAL mode, or no connection has it open): the counts stay unknown
        }
        return new State(walBytes, sequence, frames, backfilled);
    }

    /** The first {@code bytes} of a file, or {@code null} when it is shorter. */
    private static ByteBuffer head(FileChannel channel, int bytes, ByteOrder order) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        long position = 0;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position);
            if (read < 0) {
                break;
            }
            position += read;
        }
        return buffer.hasRemaining() ? null : buffer.order(order);
    }

    /** Closes the descriptors: call it after this process's connections to the database are closed. */
    @Override
    public synchronized void close() {
        for (FileChannel channel : new FileChannel[] {walChannel, indexChannel}) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing was written through it
                }
            }
        }
        walChannel = null;
        indexChannel = null;
    }
}
