package io.lockbench.harness.text;

/** Text made safe inside HTML and XML elements and quoted attributes. */
public final class Xml {

    private Xml() {}

    /** Escapes the five markup characters and drops control characters XML 1.0 cannot carry. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * The text without the control characters XML 1.0 cannot carry (for a writer that escapes markup
     * itself, such as StAX).
     */
    public static String legal(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                out.append(c);
            }
        }
        return out.toString();
    }
}
