package io.lockbench.harness.sql;

import io.lockbench.harness.sql.SqlScript.Command;
import io.lockbench.harness.sql.SqlScript.SetVariable;
import io.lockbench.harness.sql.SqlScript.Sleep;
import io.lockbench.harness.sql.SqlScript.Statement;
import io.lockbench.store.config.TransactionMode;
import io.lockbench.store.sql.SqliteStatements;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads scripts in pgbench's syntax: SQL statements ended by {@code ;} (quotes, comments and dollar
 * quotes respected), {@code :name} variables that become bound parameters, and the meta-commands
 * {@code \set} and {@code \sleep} on lines of their own. Everything that cannot run is refused here,
 * with {@code file:line}: unknown variables and functions, syntax errors, transaction control other
 * than one {@code BEGIN … COMMIT} around the SQL, and statements that would reach beyond the run's
 * database ({@code ATTACH}, {@code DETACH}, {@code load_extension}, {@code PRAGMA}, {@code VACUUM INTO}).
 */
public final class ScriptParser {

    /** Variables every script has: the client's number, pgbench's scale, and the seed of {@code hash()}. */
    public static final Set<String> BUILT_IN = Set.of("client_id", "scale", "default_seed");

    /** Longest script read, so a wrong path to a large file fails fast. */
    static final long MAX_BYTES = 1 << 20;

    private static final Pattern BEGIN = Pattern.compile(
            "(?is)(BEGIN|START)(\\s+(DEFERRED|IMMEDIATE|EXCLUSIVE))?(\\s+TRANSACTION|\\s+WORK)?(\\s+.*)?");
    private static final Pattern DOLLAR_QUOTE = Pattern.compile("\\$[A-Za-z_]*\\$");
    private static final Pattern COMMIT = Pattern.compile("(?is)(COMMIT|END)(\\s+(TRANSACTION|WORK))?");
    private static final Set<String> TRANSACTION_CONTROL =
            Set.of("BEGIN", "START", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", "ABORT");

    private ScriptParser() {}

    /** Reads and parses {@code file}. */
    public static SqlScript read(Path file, int weight, Set<String> variables) {
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new ScriptException(file.toString(), "no such script file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ScriptException(file.toString(), "a script is at most 1 MiB");
            }
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
            // A byte-order mark at the start of the file is an editor's, not SQL's.
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
        } catch (CharacterCodingException e) {
            throw new ScriptException(file.toString(), "not UTF-8 text");
        } catch (IOException e) {
            throw new ScriptException(file.toString(), "cannot read: " + e.getMessage());
        }
        return parse(file, weight, text, variables);
    }

    /**
     * Checks a schema file (run on the run's database statement by statement, where SQLite ends each:
     * tables, indexes, triggers) for what a script may not do either, each refused at its line.
     */
    public static void checkSchema(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScriptException(file.toString(), "cannot read: " + e.getMessage());
        }
        List<SqliteStatements.Statement> statements;
        try {
            statements = SqliteStatements.split(text);
        } catch (IllegalArgumentException e) {
            throw new ScriptException(file.toString(), e.getMessage());
        }
        for (SqliteStatements.Statement statement : statements) {
            String refused = refusal(statement.firstWord(), withoutComments(statement.sql()));
            if (refused != null) {
                throw new ScriptException(file, statement.line(), refused + " (in a schema too)");
            }
        }
    }

    /**
     * Why a statement that begins with {@code firstWord} (as SQLite's tokenizer reads it) may not run on
     * the run's database, or null. A first word with a character outside ASCII is no SQL keyword: an
     * invisible character (a byte-order mark, a zero-width space) glued to one is refused, never taken
     * for whitespace, so that no spelling hides {@code ATTACH} or {@code PRAGMA} from this check. SQLite
     * itself refuses to attach files (on every store connection) and to load extensions; this check gives
     * those a clear message and refuses {@code PRAGMA}, which SQLite cannot be told to refuse.
     */
    static String refusal(String firstWord, String code) {
        for (int i = 0; i < firstWord.length(); i++) {
            char c = firstWord.charAt(i);
            if (c >= 0x80) {
                return String.format(
                        Locale.ROOT,
                        "the statement begins with '%s', which holds U+%04X: SQL keywords are plain ASCII"
                                + " (remove the invisible character, e.g. a byte-order mark or zero-width space)",
                        firstWord.length() > 40 ? firstWord.substring(0, 40) + "…" : firstWord,
                        (int) c);
            }
        }
        String first = firstWord.toUpperCase(Locale.ROOT);
        switch (first) {
            case "ATTACH", "DETACH" -> {
                return first + " is refused: a script works on the run's database only";
            }
            case "PRAGMA" -> {
                return "PRAGMA is refused: store settings go in the scenario's store: section, where they are"
                        + " validated and read back";
            }
            case "VACUUM" -> {
                if (code.toUpperCase(Locale.ROOT).matches("(?s).*\\bINTO\\b.*")) {
                    return "VACUUM INTO is refused: it writes a file outside the run's database";
                }
            }
            default -> {}
        }
        if (code.toLowerCase(Locale.ROOT).matches("(?s).*\\bload_extension\\s*\\(.*")) {
            return "load_extension() is refused: a script cannot load code into the database";
        }
        return null;
    }

    /** The statement without comments and without the contents of quotes, for keyword checks. */
    static String withoutComments(String sql) {
        return sql.replaceAll("(?s)/\\*.*?\\*/", " ")
                .replaceAll("--[^\\n]*", " ")
                .replaceAll("'(?:[^']|'')*'", "''")
                .strip();
    }

    /** Parses {@code text} as the script {@code file}; {@code variables} are set from outside (params.vars). */
    public static SqlScript parse(Path file, int weight, String text, Set<String> variables) {
        return new ScriptParser.Run(file, text, variables).parse(weight);
    }

    private static final class Run {
        final Path file;
        final String text;
        final Set<String> known = new LinkedHashSet<>(BUILT_IN);
        final List<Command> commands = new ArrayList<>();

        Run(Path file, String text, Set<String> variables) {
            this.file = file;
            this.text = text;
            this.known.addAll(variables);
        }

        ScriptException error(int line, String problem) {
            return new ScriptException(file, line, problem);
        }

        SqlScript parse(int weight) {
            int line = 1;
            int i = 0;
            boolean lineStart = true;
            StringBuilder sql = new StringBuilder();
            List<String> parameters = new ArrayList<>();
            boolean content = false;
            int statementLine = 1;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (lineStart && !content) {
                    int j = i;
                    while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
                        j++;
                    }
                    if (j < text.length() && text.charAt(j) == '\\') {
                        int end = j;
                        StringBuilder meta = new StringBuilder();
                        int metaLine = line;
                        while (true) {
                            int eol = text.indexOf('\n', end);
                            String part = text.substring(end, eol < 0 ? text.length() : eol);
                            if (part.endsWith("\r")) {
                                part = part.substring(0, part.length() - 1);
                            }
                            end = eol < 0 ? text.length() : eol + 1;
                            if (part.endsWith("\\") && eol >= 0) {
                                meta.append(part, 0, part.length() - 1).append(' ');
                                line++;
                                continue;
                            }
                            meta.append(part);
                            break;
                        }
                        commands.add(meta(metaLine, meta.toString().strip()));
                        i = end;
                        line++;
                        lineStart = true;
                        sql.setLength(0);
                        continue;
                    }
                }
                lineStart = false;
                if (c == '\n') {
                    line++;
                    lineStart = true;
                    sql.append(c);
                    i++;
                    continue;
                }
                if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                    int eol = text.indexOf('\n', i);
                    int end = eol < 0 ? text.length() : eol;
                    sql.append(text, i, end);
                    i = end;
                    continue;
                }
                if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                    int end = text.indexOf("*/", i + 2);
                    if (end < 0) {
                        throw error(line, "a /* comment is never closed");
                    }
                    String comment = text.substring(i, end + 2);
                    line += count(comment, '\n');
                    sql.append(comment);
                    i = end + 2;
                    continue;
                }
                if (!content && !Character.isWhitespace(c)) {
                    content = true;
                    statementLine = line;
                }
                if (c == '\'' || c == '"') {
                    int end = i + 1;
                    while (true) {
                        end = text.indexOf(c, end);
                        if (end < 0) {
                            throw error(line, "a " + (c == '\'' ? "string" : "quoted name") + " is never closed");
                        }
                        if (end + 1 < text.length() && text.charAt(end + 1) == c) {
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    String quoted = text.substring(i, end + 1);
                    line += count(quoted, '\n');
                    sql.append(quoted);
                    i = end + 1;
                    continue;
                }
                if (c == '$') {
                    Matcher tag = DOLLAR_QUOTE.matcher(text).region(i, text.length());
                    if (tag.lookingAt() && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                        String delimiter = tag.group();
                        int end = text.indexOf(delimiter, tag.end());
                        if (end < 0) {
                            throw error(line, "a " + delimiter + " quote is never closed");
                        }
                        String quoted = text.substring(i, end + delimiter.length());
                        line += count(quoted, '\n');
                        sql.append(quoted);
                        i = end + delimiter.length();
                        continue;
                    }
                }
                if (c == ':') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == ':') {
                        sql.append("::");
                        i += 2;
                        continue;
                    }
                    int start = i + 1;
                    int end = start;
                    while (end < text.length()
                            && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                        end++;
                    }
                    if (end > start && (Character.isLetter(text.charAt(start)) || text.charAt(start) == '_')) {
                        String name = text.substring(start, end);
                        if (!known.contains(name)) {
                            throw error(
                                    line,
                                    "unknown variable :" + name + " (set it with \\set before this statement, or"
                                            + " in params.vars; built in: :client_id, :scale, :default_seed)");
                        }
                        parameters.add(name);
                        sql.append('?');
                        i = end;
                        continue;
                    }
                }
                if (c == ';' && !SqliteStatements.isComplete(sql + ";")) {
                    // A ';' inside CREATE TRIGGER … BEGIN … END ends nothing, as in SQLite.
                    sql.append(c);
                    i++;
                    continue;
                }
                if (c == ';') {
                    addStatement(statementLine, sql.toString(), parameters);
                    sql.setLength(0);
                    parameters = new ArrayList<>();
                    content = false;
                    i++;
                    continue;
                }
                sql.append(c);
                i++;
            }
            if (content) {
                addStatement(statementLine, sql.toString(), parameters);
            }
            return split(weight);
        }

        private static int count(String s, char c) {
            int n = 0;
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) == c) {
                    n++;
                }
            }
            return n;
        }

        private Command meta(int line, String meta) {
            String[] words = meta.split("\\s+", 3);
            String name = words[0].substring(1).toLowerCase(Locale.ROOT);
            switch (name) {
                case "set" -> {
                    if (words.length < 3) {
                        throw error(line, "\\set takes a variable name and an expression");
                    }
                    String variable = words[1];
                    if (!variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        throw error(line, "'" + variable + "' is not a variable name (letters, digits and '_')");
                    }
                    if (variable.equals("client_id") || variable.equals("default_seed")) {
                        throw error(line, ":" + variable + " is built in and cannot be set");
                    }
                    Expression value;
                    try {
                        value = Expression.parse(words[2], known);
                    } catch (IllegalArgumentException e) {
                        throw error(line, e.getMessage());
                    }
                    known.add(variable);
                    return new SetVariable(line, variable, value);
                }
                case "sleep" -> {
                    String[] args = meta.split("\\s+", -1);
                    if (args.length < 2 || args.length > 3) {
                        throw error(line, "\\sleep takes an amount and an optional unit (us, ms or s)");
                    }
                    long perUnit = args.length == 2
                            ? 1_000_000_000L
                            : switch (args[2].toLowerCase(Locale.ROOT)) {
                                case "us" -> 1_000L;
                                case "ms" -> 1_000_000L;
                                case "s" -> 1_000_000_000L;
                                default ->
                                    throw error(line, "\\sleep unit must be us, ms or s but was '" + args[2] + "'");
                            };
                    if (!args[1].matches(":[A-Za-z_][A-Za-z0-9_]*|[0-9]+")) {
                        throw error(line, "\\sleep takes a whole number or a :variable but was '" + args[1] + "'");
                    }
                    try {
                        return new Sleep(line, Expression.parse(args[1], known), perUnit);
                    } catch (IllegalArgumentException e) {
                        throw error(line, e.getMessage());
                    }
                }
                default ->
                    throw error(
                            line,
                            "\\" + name + " is not supported; scripts may use \\set and \\sleep"
                                    + " (pgbench's \\shell, \\setshell, \\if and \\gset have no place in a lock benchmark)");
            }
        }

        private void addStatement(int line, String sql, List<String> parameters) {
            String trimmed = sql.strip();
            if (trimmed.isEmpty()) {
                return;
            }
            String code = withoutComments(trimmed);
            if (code.isEmpty()) {
                return;
            }
            String refused = refusal(SqliteStatements.firstWord(code), code);
            if (refused != null) {
                throw error(line, refused);
            }
            commands.add(new Statement(line, trimmed, List.copyOf(parameters), trimmed));
        }

        /** Finds the one BEGIN … COMMIT, if any, and splits the commands around it. */
        private SqlScript split(int weight) {
            int begin = -1;
            int commit = -1;
            TransactionMode mode = null;
            for (int i = 0; i < commands.size(); i++) {
                if (!(commands.get(i) instanceof Statement s)) {
                    continue;
                }
                String code = withoutComments(s.sql());
                String first = code.split("[\\s;]+", 2)[0].toUpperCase(Locale.ROOT);
                if (!TRANSACTION_CONTROL.contains(first)) {
                    continue;
                }
                Matcher b = BEGIN.matcher(code);
                if (b.matches() && begin < 0 && commit < 0) {
                    if (b.group(5) != null && !b.group(5).isBlank()) {
                        throw error(
                                s.line(),
                                "'" + code + "' is refused: the isolation level is store.default_transaction_isolation"
                                        + " (PostgreSQL), and a script begins with BEGIN, BEGIN DEFERRED or BEGIN IMMEDIATE");
                    }
                    if ("EXCLUSIVE".equalsIgnoreCase(b.group(3))) {
                        throw error(s.line(), "BEGIN EXCLUSIVE is refused: use BEGIN IMMEDIATE (or DEFERRED)");
                    }
                    mode = "IMMEDIATE".equalsIgnoreCase(b.group(3))
                            ? TransactionMode.IMMEDIATE
                            : TransactionMode.DEFERRED;
                    begin = i;
                } else if (COMMIT.matcher(code).matches() && begin >= 0 && commit < 0) {
                    commit = i;
                } else {
                    throw error(
                            s.line(),
                            "'" + code + "' is refused here: a script has no transaction control (the workload batches"
                                    + " params.batch_size executions per transaction) or one BEGIN … COMMIT around all"
                                    + " of its SQL");
                }
            }
            if (begin >= 0 && commit < 0) {
                throw error(((Statement) commands.get(begin)).line(), "BEGIN without COMMIT (or END)");
            }
            if (commands.stream().noneMatch(Statement.class::isInstance)) {
                throw new ScriptException(file.toString(), "the script has no SQL statement");
            }
            if (begin < 0) {
                return new SqlScript(file, weight, List.of(), commands, List.of(), null);
            }
            List<Command> prologue = commands.subList(0, begin);
            List<Command> body = commands.subList(begin + 1, commit);
            List<Command> epilogue = commands.subList(commit + 1, commands.size());
            for (Command outside : concat(prologue, epilogue)) {
                if (outside instanceof Statement s) {
                    throw error(
                            s.line(),
                            "SQL outside BEGIN … COMMIT: with its own transaction, a script keeps all of its SQL inside it");
                }
            }
            if (body.stream().noneMatch(Statement.class::isInstance)) {
                throw error(((Statement) commands.get(begin)).line(), "BEGIN … COMMIT around no statement");
            }
            return new SqlScript(file, weight, prologue, body, epilogue, mode);
        }

        private static List<Command> concat(List<Command> a, List<Command> b) {
            List<Command> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }
    }
}
