package io.lockbench.harness.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A GitHub-flavoured Markdown table, the one way every report (run summaries, comparisons, sweeps,
 * gates) writes one. Cells are text that is already safe inline ({@link Markdown#inline}); a line
 * break inside a cell would end the table, so it becomes a space.
 */
public final class MarkdownTable {

    /** Column alignment, as the delimiter row spells it. */
    public enum Align {
        LEFT("---"),
        RIGHT("---:"),
        CENTER(":---:");

        private final String delimiter;

        Align(String delimiter) {
            this.delimiter = delimiter;
        }
    }

    private final List<String> headers = new ArrayList<>();
    private final List<Align> aligns = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();

    private MarkdownTable() {}

    /** Columns named by their headers, left-aligned; see {@link #column}. */
    public static MarkdownTable of(String... headers) {
        MarkdownTable table = new MarkdownTable();
        for (String header : headers) {
            table.column(header, Align.LEFT);
        }
        return table;
    }

    public MarkdownTable column(String header, Align align) {
        if (!rows.isEmpty()) {
            throw new IllegalStateException("columns are added before the first row");
        }
        headers.add(header);
        aligns.add(align);
        return this;
    }

    /** Aligns the columns from {@code first} (0-based) to the last. */
    public MarkdownTable alignFrom(int first, Align align) {
        for (int i = first; i < aligns.size(); i++) {
            aligns.set(i, align);
        }
        return this;
    }

    public MarkdownTable align(int column, Align align) {
        aligns.set(column, align);
        return this;
    }

    /** One row: exactly one cell per column, each turned into text with {@code String.valueOf}. */
    public MarkdownTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(
                    "a row of " + cells.length + " cells in a table of " + headers.size() + " columns");
        }
        List<String> row = new ArrayList<>(cells.length);
        for (Object cell : cells) {
            row.add(String.valueOf(cell).replace("\r\n", " ").replace('\n', ' ').replace('\r', ' '));
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, ending with a line break. */
    public String render() {
        StringBuilder md = new StringBuilder();
        line(md, headers);
        md.append('|');
        for (Align align : aligns) {
            md.append(align.delimiter).append('|');
        }
        md.append('\n');
        for (List<String> row : rows) {
            line(md, row);
        }
        return md.toString();
    }

    private static void line(StringBuilder md, List<String> cells) {
        md.append('|');
        for (String cell : cells) {
            md.append(' ').append(cell).append(" |");
        }
        md.append('\n');
    }

    @Override
    public String toString() {
        return render();
    }
}
