package io.lockbench.store.importer;

import io.lockbench.store.importer.SessionRows.SessionTouch;
import io.lockbench.store.importer.SessionRows.UsageRow;
import java.util.Comparator;

/**
 * The orders {@link SessionWriter}'s upserts choose by, for folding rows in memory before they reach
 * the database. Each mirrors the row-value comparison in the matching SQL: text compares as SQLite's
 * BINARY collation does (UTF-8 bytes, which is code point order), a missing text as the empty string.
 */
final class RowOrder {

    private RowOrder() {}

    /** SQLite's BINARY collation on UTF-8 text: code point order, unlike {@link String#compareTo}. */
    static final Comparator<String> TEXT = (a, b) -> {
        String x = a == null ? "" : a;
        String y = b == null ? "" : b;
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int cx = x.codePointAt(i);
            int cy = y.codePointAt(j);
            if (cx != cy) {
                return Integer.compare(cx, cy);
            }
            i += Character.charCount(cx);
            j += Character.charCount(cy);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    };

    /** The line whose timestamp, session, agent and sidechain flag a response keeps: the smallest. */
    static final Comparator<UsageRow> USAGE_IDENTITY = Comparator.comparingLong(UsageRow::ts)
            .thenComparing(UsageRow::sessionId, TEXT)
            .thenComparing(UsageRow::agentId, TEXT)
            .thenComparing(UsageRow::sidechain);

    /** Most output first, then the later line; the greatest wins. */
    static final Comparator<UsageRow> MAX_OUTPUT = Comparator.comparingLong(UsageRow::output)
            .thenComparingLong(UsageRow::figuresTs)
            .thenComparing(UsageRow::uuid, TEXT)
            .thenComparing(RowOrder.figuresAfterOutput());

    /** The earliest line; the smallest wins. */
    static final Comparator<UsageRow> FIRST_SEEN = Comparator.comparingLong(UsageRow::figuresTs)
            .thenComparing(UsageRow::uuid, TEXT)
            .thenComparingLong(UsageRow::output)
            .thenComparing(RowOrder.figuresAfterOutput());

    /** Records naming a directory first, then the earliest, then by value; the smallest wins. */
    static final Comparator<SessionTouch> SESSION_RECORD = Comparator.comparing((SessionTouch t) -> t.cwd() == null)
            .thenComparingLong(t -> t.ts() == null ? Long.MAX_VALUE : t.ts())
            .thenComparing(SessionTouch::projectDir, TEXT)
            .thenComparing(SessionTouch::cwd, TEXT)
            .thenComparing(SessionTouch::gitBranch, TEXT)
            .thenComparing(SessionTouch::version, TEXT);

    private static Comparator<UsageRow> figuresAfterOutput() {
        return Comparator.comparingLong(UsageRow::input)
                .thenComparingLong(UsageRow::cacheCreation)
                .thenComparingLong(UsageRow::cacheRead)
                .thenComparingLong(UsageRow::cache5m)
                .thenComparingLong(UsageRow::cache1h)
                .thenComparing(UsageRow::model, TEXT)
                .thenComparing(UsageRow::serviceTier, TEXT);
    }
}
