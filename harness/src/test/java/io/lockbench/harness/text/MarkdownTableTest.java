package io.lockbench.harness.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.junit.jupiter.api.Test;

class MarkdownTableTest {

    private static String html(String markdown) {
        List<org.commonmark.Extension> gfm = List.of(TablesExtension.create());
        return HtmlRenderer.builder()
                .extensions(gfm)
                .build()
                .render(Parser.builder().extensions(gfm).build().parse(markdown));
    }

    @Test
    void rendersAGitHubTableWithItsAlignments() {
        String md = MarkdownTable.of("workload", "p99", "front")
                .align(1, MarkdownTable.Align.RIGHT)
                .align(2, MarkdownTable.Align.CENTER)
                .row("import", "1.5 ms", "●")
                .row(Markdown.inline("a|b"), 2, "")
                .render();

        assertThat(md).startsWith("| workload | p99 | front |\n|---|---:|:---:|\n| import | 1.5 ms | ● |\n");
        String html = html(md);
        assertThat(html.split("<tr>", -1)).hasSize(1 + 3);
        assertThat(html).contains("<td align=\"right\">1.5 ms</td>", "<td align=\"center\">●</td>", "<td>a|b</td>");
    }

    @Test
    void aLineBreakInACellDoesNotEndTheTable() {
        String md = MarkdownTable.of("a", "b").row("one\ntwo", "three\r\nfour").render();

        assertThat(md.lines()).hasSize(3);
        assertThat(html(md)).contains("<td>one two</td>", "<td>three four</td>");
    }

    @Test
    void aRowMustHaveOneCellPerColumn() {
        MarkdownTable table = MarkdownTable.of("a", "b");

        assertThatThrownBy(() -> table.row("only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 cells in a table of 2 columns");
    }
}
