package io.lockbench.store.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into statements where SQLite itself ends them, so that what a checker inspects is
 * exactly what runs: the rules of SQLite's {@code sqlite3_complete()} (complete.c), which know that the
 * {@code ;} inside {@code CREATE TRIGGER … BEGIN … END} and inside quotes, brackets and comments ends
 * nothing. Each statement keeps its first word as SQLite's tokenizer reads it (identifier characters,
 * bytes above 0x7F included), so a byte-order mark or another invisible character glued to
 * {@code PRAGMA} is part of the word and never mistaken for whitespace.
 */
public final class SqliteStatements {

    /** One statement: its text without the closing {@code ;}, the line it starts on, its first word. */
    public record Statement(String sql, int line, String firstWord) {}

    private static final int SEMI = 0;
    private static final int WS = 1;
    private static final int OTHER = 2;
    private static final int EXPLAIN = 3;
    private static final int CREATE = 4;
    private static final int TEMP = 5;
    private static final int TRIGGER = 6;
    private static final int END = 7;

    /**
     * complete.c's state machine: 0 between statements, 1 inside one, 2 after EXPLAIN, 3 after CREATE,
     * 4 inside a trigger, 5 after a {@code ;} inside a trigger, 6 after its END.
     */
    private static final int[][] TRANSITIONS = {
        {0, 0, 1, 2, 3, 1, 1, 1},
        {0, 1, 1, 1, 1, 1, 1, 1},
        {0, 2, 1, 1, 3, 1, 1, 1},
        {0, 3, 1, 1, 1, 3, 4, 1},
        {5, 4, 4, 4, 4, 4, 4, 4},
        {5, 5, 4, 4, 4, 4, 4, 6},
        {0, 6, 4, 4, 4, 4, 4, 4},
    };

    private SqliteStatements() {}

    /**
     * The statements of {@code text}, in order; empty statements (a lone {@code ;}, comments only) are
     * left out. A leading UTF-8 byte-order mark of the whole text is dropped, as editors write it.
     *
     * @throws IllegalArgumentException naming the line of a quote, bracket or comment that is never closed
     */
    public static List<Statement> split(String text) {
        return scan(text).statements();
    }

    /**
     * Whether {@code sql} ends where SQLite would end a statement: after a {@code ;} that closes it, not one
     * inside a trigger body, a quote or a comment (SQLite's {@code sqlite3_complete()}).
     */
    public static boolean isComplete(String sql) {
        try {
            return scan(sql).complete();
        } catch (IllegalArgumentException unclosed) {
            return false;
        }
    }

    private record Scan(List<Statement> statements, boolean complete) {}

    private static Scan scan(String text) {
        String sql = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Statement> statements = new ArrayList<>();
        int state = 0;
        int start = -1;
        int startLine = 1;
        String firstWord = null;
        int line = 1;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int tokenStart = i;
            int tokenLine = line;
            int token;
            switch (c) {
                case ';' -> {
                    token = SEMI;
                    i++;
                }
                case ' ', '\r', '\t', '\n', '\f' -> {
                    token = WS;
                    i++;
                }
                case '/' -> {
                    if (i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                        int close = sql.indexOf("*/", i + 2);
                        if (close < 0) {
                            throw new IllegalArgumentException("line " + line + ": a /* comment is never closed");
                        }
                        i = close + 2;
                        token = WS;
                    } else {
                        token = OTHER;
                        i++;
                    }
                }
                case '-' -> {
                    if (i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                        int eol = sql.indexOf('\n', i);
                        i = eol < 0 ? sql.length() : eol;
                        token = WS;
                    } else {
                        token = OTHER;
                        i++;
                    }
                }
                case '[', '`', '"', '\'' -> {
                    char close = c == '[' ? ']' : c;
                    int end = sql.indexOf(close, i + 1);
                    if (end < 0) {
                        throw new IllegalArgumentException("line " + line + ": " + describe(c) + " is never closed");
                    }
                    i = end + 1;
                    token = OTHER;
                }
                default -> {
                    if (isIdChar(c)) {
                        int end = i + 1;
                        while (end < sql.length() && isIdChar(sql.charAt(end))) {
                            end++;
                        }
                        token = keyword(sql.substring(i, end));
                        i = end;
                    } else {
                        token = OTHER;
                        i++;
                    }
                }
            }
            line += newlines(sql, tokenStart, i);
            if (token != WS && token != SEMI && start < 0) {
                start = tokenStart;
                startLine = tokenLine;
                firstWord = sql.substring(tokenStart, i).toUpperCase(Locale.ROOT);
            }
            int next = TRANSITIONS[state][token];
            if (token == SEMI && next == 0) {
                if (start >= 0) {
                    statements.add(
                            new Statement(sql.substring(start, tokenStart).stripTrailing(), startLine, firstWord));
                }
                start = -1;
            }
            state = next;
        }
        if (start >= 0) {
            statements.add(new Statement(sql.substring(start).stripTrailing(), startLine, firstWord));
        }
        return new Scan(statements, start < 0 && state == 0);
    }

    /**
     * The first word of {@code sql} as SQLite's tokenizer reads it, upper-cased: whitespace and comments
     * skipped, then a run of identifier characters (or the one character that begins another token).
     * Empty when there is none.
     */
    public static String firstWord(String sql) {
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == ' ' || c == '\r' || c == '\t' || c == '\n' || c == '\f') {
                i++;
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? sql.length() : close + 2;
            } else if (sql.startsWith("--", i)) {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? sql.length() : eol + 1;
            } else {
                int end = i + 1;
                if (isIdChar(c)) {
                    while (end < sql.length() && isIdChar(sql.charAt(end))) {
                        end++;
                    }
                }
                return sql.substring(i, end).toUpperCase(Locale.ROOT);
            }
        }
        return "";
    }

    private static String describe(char quote) {
        return switch (quote) {
            case '\'' -> "a string";
            case '[' -> "a [bracketed name]";
            default -> "a quoted name";
        };
    }

    private static int keyword(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "create" -> CREATE;
            case "trigger" -> TRIGGER;
            case "temp", "temporary" -> TEMP;
            case "end" -> END;
            case "explain" -> EXPLAIN;
            default -> OTHER;
        };
    }

    /** SQLite's identifier characters: letters, digits, {@code _}, {@code $}, and every byte above 0x7F. */
    static boolean isIdChar(char c) {
        return c >= 0x80 || (c < 0x80 && Character.isLetterOrDigit(c)) || c == '_' || c == '$';
    }

    private static int newlines(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
