package io.lockbench.harness.text;

/** Text from users (scenario descriptions, error messages) made inert in Markdown and the HTML it renders to. */
public final class Markdown {

    private Markdown() {}

    /** Escapes Markdown syntax and HTML, and keeps the text on one line so it cannot break a table. */
    public static String inline(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\n', '\r', '\t' -> out.append(' ');
                case '\\', '`', '*', '_', '[', ']', '|' -> out.append('\\').append(c);
                default -> out.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return out.toString();
    }

    /**
     * A code span: backslashes mean nothing inside one, so nothing is escaped; the fence is one backtick
     * longer than the longest run of backticks in the text, and the text stays on one line.
     */
    public static String code(String text) {
        String flat = text == null ? "" : text.replaceAll("[\\p{Cntrl}]", " ");
        int longest = 0;
        for (int i = 0, run = 0; i < flat.length(); i++) {
            run = flat.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
        return fence + pad + flat + pad + fence;
    }

    /**
     * A paragraph: each line escaped as {@link #inline}, line breaks kept, and a character that would
     * start a heading, list, quote or rule at the beginning of a line escaped.
     */
    public static String block(String text) {
        return text == null
                ? ""
                : String.join(
                        "\n",
                        text.strip()
                                .lines()
                                .map(Markdown::inline)
                                .map(line -> line.matches("^\\s*([#+=-]|&gt;|\\d+[.)]).*")
                                        ? "\\" + line.stripLeading()
                                        : line)
                                .toList());
    }
}
