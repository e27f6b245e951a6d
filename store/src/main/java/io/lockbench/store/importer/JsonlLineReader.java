package io.lockbench.store.importer;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads {@code \n}-terminated lines as bytes from a byte offset up to a fixed end, keeping the byte
 * offset of every line so an import can resume exactly after the last line it committed.
 *
 * <p>A line has no length limit up to {@code maxLineBytes}; a longer line is skipped without being
 * held in memory and reported as oversized. The buffer is reused: a line's bytes are valid until the
 * next call to {@link #next()}.
 */
final class JsonlLineReader implements Closeable {

    /** One line; {@code end} is the offset just after its newline (or after its last byte when unterminated). */
    static final class Line {
        byte[] bytes;
        int length;
        long start;
        long end;
        boolean terminated;
        boolean oversized;
        /** Why an oversized line was skipped: over the limit, or more than the heap could hold. */
        String oversizedReason;
    }

    private final InputStream in;
    private final long limit;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkLen;
    private long position;
    private final Line line = new Line();

    JsonlLineReader(Path file, long startOffset, long endOffset, int maxLineBytes) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        channel.position(startOffset);
        this.in = Channels.newInputStream(channel);
        this.position = startOffset;
        this.limit = endOffset;
        this.maxLineBytes = maxLineBytes;
        this.line.bytes = new byte[1 << 12];
    }

    /** The next line, or null at the end offset. */
    Line next() throws IOException {
        if (position >= limit && chunkPos >= chunkLen) {
            return null;
        }
        line.start = position;
        line.length = 0;
        line.terminated = false;
        line.oversized = false;
        line.oversizedReason = null;
        while (true) {
            if (chunkPos >= chunkLen && !fill()) {
                break;
            }
            int newline = indexOf(chunk, chunkPos, chunkLen, (byte) '\n');
            int stop = newline < 0 ? chunkLen : newline;
            append(chunk, chunkPos, stop - chunkPos);
            position += (stop - chunkPos) + (newline < 0 ? 0 : 1);
            chunkPos = newline < 0 ? chunkLen : newline + 1;
            if (newline >= 0) {
                line.terminated = true;
                break;
            }
        }
        if (line.length == 0 && !line.terminated && !line.oversized) {
            return null;
        }
        line.end = position;
        if (line.length > 0 && line.bytes[line.length - 1] == '\r') {
            line.length--;
        }
        return line;
    }

    long position() {
        return position;
    }

    private boolean fill() throws IOException {
        long remaining = limit - position;
        if (remaining <= 0) {
            return false;
        }
        int read = in.read(chunk, 0, (int) Math.min(chunk.length, remaining));
        if (read <= 0) {
            return false;
        }
        chunkPos = 0;
        chunkLen = read;
        return true;
    }

    private void append(byte[] source, int from, int count) {
        if (count == 0 || line.oversized) {
            return;
        }
        if ((long) line.length + count > maxLineBytes) {
            skip("line longer than the limit of max_line_bytes (" + maxLineBytes + ")");
            return;
        }
        if (line.length + count > line.bytes.length) {
            int capacity =
                    (int) Math.min(maxLineBytes, Math.max((long) line.bytes.length * 2, (long) line.length + count));
            try {
                line.bytes = Arrays.copyOf(line.bytes, capacity);
            } catch (OutOfMemoryError e) {
                // The one large array was refused, nothing else was taken: the line is skipped like an
                // oversized one and the file's other lines are kept.
                line.bytes = new byte[1 << 12];
                skip("line too long for the memory available (" + capacity
                        + " bytes were refused; give the JVM more heap or a lower --max-line-bytes)");
                return;
            }
        }
        System.arraycopy(source, from, line.bytes, line.length, count);
        line.length += count;
    }

    private void skip(String reason) {
        line.oversized = true;
        line.oversizedReason = reason;
        line.length = 0;
    }

    private static int indexOf(byte[] data, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
