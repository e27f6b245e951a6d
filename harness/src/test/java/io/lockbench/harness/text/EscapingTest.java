package io.lockbench.harness.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EscapingTest {

    private static String filtered(String text, int chunk) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ControlCharacterFilter filter = new ControlCharacterFilter(sink)) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < bytes.length; i += chunk) {
                filter.write(bytes, i, Math.min(chunk, bytes.length - i));
            }
        }
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void terminalControlsBecomeVisibleWhileTextAndLayoutSurvive() throws IOException {
        String hostile = "a\u001b[2Jb\u0007c\u009b31md\u007fe\tf\r\ng é\u00a0ü 日本";
        for (int chunk : new int[] {1, 2, 3, 1000}) {
            assertThat(filtered(hostile, chunk))
                    .as("chunks of %d", chunk)
                    .isEqualTo("a\\x1b[2Jb\\x07c\\u009b31md\\x7fe\tf\r\ng é\u00a0ü 日本");
        }
    }

    @Test
    void markdownAndHtmlInUserTextAreInert() {
        assertThat(Markdown.inline("<script>alert(1)</script> | **x** [l](http://e) `c`\nnext"))
                .isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*\\*x\\*\\* \\[l\\](http://e) \\`c\\` next");
        assertThat(Markdown.block("# title\n<b>bold</b>\n- item\n> quote\n1. one"))
                .isEqualTo("\\# title\n&lt;b&gt;bold&lt;/b&gt;\n\\- item\n\\&gt; quote\n\\1. one");
    }

    @Test
    void bidiOverridesAndSeparatorsAreEscapedWhateverTheChunking() throws IOException {
        String text = "a\u202Eb\u2066c\u2069d\u2028e\u200Ff \u2014 \u20AC \u00E9 \u0085";
        for (int chunk : new int[] {1, 2, 3, 64}) {
            assertThat(filtered(text, chunk))
                    .isEqualTo("a\\u202eb\\u2066c\\u2069d\\u2028e\\u200ff \u2014 \u20AC \u00E9 \\u0085");
        }
    }
}
