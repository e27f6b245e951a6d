package io.lockbench.harness.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VisibleTest {

    @Test
    void controlAndFormatCharactersAreShownAsEscapes() {
        assertThat(Visible.of("a\nb\rc\td")).isEqualTo("a\\x0ab\\x0dc\\x09d");
        assertThat(Visible.of("\u202Eevil\u2066x\u2069")).isEqualTo("\\u202eevil\\u2066x\\u2069");
        assertThat(Visible.of("\u001b[31mred")).isEqualTo("\\x1b[31mred");
        assertThat(Visible.of("line\u2028sep")).isEqualTo("line\\u2028sep");
    }

    @Test
    void ordinaryTextIsUnchanged() {
        String text = "-home-dév-プロジェクト 😀 aaaaaaaa-0000";
        assertThat(Visible.of(text)).isSameAs(text);
        assertThat(Visible.of(null)).isEmpty();
    }
}
