package io.lockbench.harness.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What an import costs the store's other writers: another process (a JVM of its own, as an
 * application beside the importer would be) that runs a one-row write transaction every {@link
 * #INTERVAL_MS} ms and records how long each waited for the write lock: {@code BEGIN IMMEDIATE} under a
 * 10 s busy timeout and SQLite's own busy handler, as most applications run it. It writes a table of
 * its own, so the import's rows are untouched. The child runs until its standard input closes, then
 * prints its waits as one compressed histogram.
 */
final class OtherWriter implements AutoCloseable {

    static final long INTERVAL_MS = 10;

    private final Process process;

    private OtherWriter(Process process) {
        this.process = process;
    }

    /** Starts the other writer on {@code db} and waits until it has written once. */
    static OtherWriter start(Path db) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(
                        java,
                        "-XX:TieredStopAtLevel=1",
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        OtherWriter.class.getName(),
                        db.toAbsolutePath().toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        OtherWriter writer = new OtherWriter(process);
        int ready = process.getInputStream().read();
        if (ready != 'R') {
            writer.close();
            throw new IOException("the other writer did not start on " + db);
        }
        return writer;
    }

    /** Stops the other writer and returns its waits. */
    Histogram stop() throws IOException {
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(
                        "the other writer failed (exit " + (process.isAlive() ? "none" : process.exitValue()) + ")");
            }
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(new String(out, StandardCharsets.US_ASCII).trim())), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the other writer", e);
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IOException("the other writer's waits could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** The child: {@code OtherWriter DB}. */
    public static void main(String[] args) throws Exception {
        Histogram waits = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Thread writer;
        OutputStream out = System.out;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
                Statement s = connection.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("CREATE TABLE IF NOT EXISTS bench_other_writer (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
            s.execute("INSERT OR IGNORE INTO bench_other_writer VALUES (1, 0)");
            out.write('R');
            out.flush();
            AtomicBoolean stopped = new AtomicBoolean();
            AtomicReference<SQLException> failure = new AtomicReference<>();
            writer = new Thread(() -> {
                try {
                    while (!stopped.get()) {
                        long started = System.nanoTime();
                        s.execute("BEGIN IMMEDIATE");
                        synchronized (waits) {
                            waits.recordValue(Math.min(waits.getHighestTrackableValue(), System.nanoTime() - started));
                        }
                        s.execute("UPDATE bench_other_writer SET n = n + 1 WHERE id = 1");
                        s.execute("COMMIT");
                        Thread.sleep(INTERVAL_MS);
                    }
                } catch (SQLException e) {
                    failure.set(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            writer.start();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // runs until the parent closes the pipe
            }
            stopped.set(true);
            writer.interrupt();
            writer.join();
            if (failure.get() != null) {
                System.err.println("other writer: " + failure.get().getMessage());
                System.exit(1);
            }
        }
        ByteBuffer buffer;
        synchronized (waits) {
            buffer = ByteBuffer.allocate(waits.getNeededByteBufferCapacity());
            int length = waits.encodeIntoCompressedByteBuffer(buffer);
            buffer.limit(length);
        }
        byte[] bytes = new byte[buffer.limit()];
        buffer.position(0);
        buffer.get(bytes);
        out.write(Base64.getEncoder().encode(bytes));
        out.write('\n');
        out.flush();
    }
}
