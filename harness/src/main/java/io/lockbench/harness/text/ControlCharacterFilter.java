package io.lockbench.harness.text;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Makes terminal control characters visible in UTF-8 output: transcripts, file names and error
 * messages are data, and an escape sequence in a project name must not recolour, move or clear the
 * user's terminal, nor a bidi override reorder what it shows. C0 controls other than tab, newline and
 * carriage return, DEL, and the C1 controls (U+0080–U+009F) are written as backslash-x-NN and
 * backslash-u-00NN; the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the
 * directional marks (U+200E, U+200F) and the line and paragraph separators (U+2028, U+2029) as
 * backslash-u-NNNN. Newlines stay: lines of text tables escape them cell by cell ({@link Visible}).
 * JSON output is unchanged in meaning: a backslash-u escape is valid JSON.
 */
public final class ControlCharacterFilter extends FilterOutputStream {

    /** Lead bytes of a multi-byte sequence held back until it is known whether to escape it. */
    private final byte[] pending = new byte[2];

    private int held;

    public ControlCharacterFilter(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        int v = b & 0xff;
        if (held > 0) {
            int first = pending[0] & 0xff;
            if (first == 0xc2) {
                held = 0;
                if (v >= 0x80 && v <= 0x9f) {
                    escape(v);
                    return;
                }
                out.write(0xc2);
            } else if (held == 1) {
                // After 0xE2: only 0x80 and 0x81 can start one of the characters to escape.
                if (v == 0x80 || v == 0x81) {
                    pending[held++] = (byte) v;
                    return;
                }
                held = 0;
                out.write(first);
            } else {
                held = 0;
                int cp = ((first & 0x0f) << 12) | ((pending[1] & 0x3f) << 6) | (v & 0x3f);
                if ((v & 0xc0) == 0x80 && hidden(cp)) {
                    escape(cp);
                    return;
                }
                out.write(first);
                out.write(pending[1]);
            }
        }
        if (v == 0xc2 || v == 0xe2) {
            pending[held++] = (byte) v;
        } else if ((v < 0x20 && v != '\t' && v != '\n' && v != '\r') || v == 0x7f) {
            out.write(String.format(Locale.ROOT, "\\x%02x", v).getBytes(StandardCharsets.US_ASCII));
        } else {
            out.write(v);
        }
    }

    private static boolean hidden(int cp) {
        return (cp >= 0x202a && cp <= 0x202e)
                || (cp >= 0x2066 && cp <= 0x2069)
                || cp == 0x200e
                || cp == 0x200f
                || cp == 0x2028
                || cp == 0x2029;
    }

    private void escape(int cp) throws IOException {
        out.write(String.format(Locale.ROOT, "\\u%04x", cp).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public void flush() throws IOException {
        // Held lead bytes are the start of a character still being written: they go out with it.
        out.flush();
    }

    @Override
    public void close() throws IOException {
        for (int i = 0; i < held; i++) {
            out.write(pending[i]);
        }
        held = 0;
        super.close();
    }
}
