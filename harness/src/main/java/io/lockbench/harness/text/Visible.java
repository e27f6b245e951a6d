package io.lockbench.harness.text;

import java.util.Locale;

/**
 * Text from transcripts and file names made safe for one line of a text table or log: every control
 * and format character (newline, carriage return, tab, escape, the bidi overrides U+202A–U+202E and
 * U+2066–U+2069, line and paragraph separators) is shown as an escape, so no value can split a row,
 * fake one, or reorder what the terminal displays. JSON output keeps the exact text instead.
 */
public final class Visible {

    private Visible() {}

    /** {@link #of(String)}, cut to at most {@code max} characters with an ellipsis: for a column of a table. */
    public static String of(String text, int max) {
        String visible = of(text);
        return visible.length() <= max ? visible : visible.substring(0, max - 1) + "…";
    }

    public static String of(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int type = Character.getType(cp);
            boolean hidden = type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR;
            if (hidden && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (hidden) {
                    out.append(
                            cp < 0x100
                                    ? String.format(Locale.ROOT, "\\x%02x", cp)
                                    : String.format(Locale.ROOT, "\\u%04x", cp));
                } else {
                    out.appendCodePoint(cp);
                }
            }
            i += Character.charCount(cp);
        }
        return out == null ? text : out.toString();
    }
}
