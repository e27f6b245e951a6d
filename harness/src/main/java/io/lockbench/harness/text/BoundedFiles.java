package io.lockbench.harness.text;

import io.lockbench.store.failure.LockbenchFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a file a user pointed at, refusing what is not a regular file before opening it (a FIFO would
 * block forever, {@code /dev/zero} never ends) and counting the bytes actually read against a limit,
 * because the size a special or growing file reports says nothing about what reading it returns.
 */
public final class BoundedFiles {

    private BoundedFiles() {}

    /** A file that cannot be read as asked, with a message that names it. */
    public static class UnreadableFileException extends IOException implements LockbenchFailure {
        private static final long serialVersionUID = 1L;

        @Override
        public Kind kind() {
            return Kind.USAGE;
        }

        public UnreadableFileException(String message) {
            super(message);
        }
    }

    /** A file that held more than the reader would take. */
    public static final class TooLargeException extends UnreadableFileException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    /** Throws unless {@code file} is a regular file (after following links). */
    private static void requireRegularFile(Path file) throws UnreadableFileException {
        if (!Files.exists(file)) {
            throw new UnreadableFileException(file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new UnreadableFileException(file + ": is a directory, not a file");
        }
        if (!Files.isRegularFile(file)) {
            throw new UnreadableFileException(
                    file + ": not a regular file (a device, pipe or socket); refusing to read it");
        }
    }

    /** The whole file, or an error when it is not a regular file or holds more than {@code maxBytes}. */
    public static byte[] read(Path file, long maxBytes) throws IOException {
        requireRegularFile(file);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new TooLargeException(file + ": larger than " + maxBytes + " bytes");
            }
            return bytes;
        }
    }
}
