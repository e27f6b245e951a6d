package io.lockbench.harness.text;

import io.lockbench.store.config.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Console output with every password masked ({@link Secrets#redact}), whoever writes it: lockbench's
 * own lines, picocli, and any library that logs. Text is held until a line ends or the stream is
 * flushed, so a password is seen whole; a line longer than {@value #MAX_HELD} bytes is passed on in
 * pieces (output of that size is data, not a URL).
 */
public final class RedactingOutputStream extends FilterOutputStream {

    private static final int MAX_HELD = 64 * 1024;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public RedactingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n' || line.size() >= MAX_HELD) {
            pass();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        pass();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        out.close();
    }

    private void pass() throws IOException {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        out.write(Secrets.redact(text).getBytes(StandardCharsets.UTF_8));
    }
}
