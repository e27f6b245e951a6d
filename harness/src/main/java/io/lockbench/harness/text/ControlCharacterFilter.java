package io.lockbench.harness.text;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/**
 * Makes terminal control characters visible in UTF-8 output: transcripts, file names and error
 * messages are data, and an escape sequence in a project name must not recolour, move or clear the
 * user's terminal. C0 controls other than tab, newline and carriage return, DEL, and the C1 controls
 * (U+0080–U+009F) are written as backslash-x-NN and backslash-u-00NN. JSON output is unchanged in
 * meaning: its encoder already escapes C0, and a backslash-u escape is valid JSON.
 */
public final class ControlCharacterFilter extends FilterOutputStream {

    private boolean pendingC2;

    public ControlCharacterFilter(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        int v = b & 0xff;
        if (pendingC2) {
            pendingC2 = false;
            if (v >= 0x80 && v <= 0x9f) {
                out.write(String.format(Locale.ROOT, "\\u%04x", v).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                return;
            }
            out.write(0xc2);
        }
        if (v == 0xc2) {
            pendingC2 = true;
        } else if ((v < 0x20 && v != '\t' && v != '\n' && v != '\r') || v == 0x7f) {
            out.write(String.format(Locale.ROOT, "\\x%02x", v).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } else {
            out.write(v);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public void flush() throws IOException {
        if (pendingC2) {
            // A lone 0xC2 at a flush boundary is the first half of a character still being written.
            out.flush();
            return;
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (pendingC2) {
            pendingC2 = false;
            out.write(0xc2);
        }
        super.close();
    }
}
