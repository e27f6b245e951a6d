package io.lockbench.store.importer;

import io.lockbench.store.config.UsagePolicy;
import io.lockbench.store.importer.SessionRows.MessageRow;
import io.lockbench.store.importer.SessionRows.SessionTouch;
import io.lockbench.store.importer.SessionRows.SummaryRow;
import io.lockbench.store.importer.SessionRows.ToolResultRow;
import io.lockbench.store.importer.SessionRows.ToolUseRow;
import io.lockbench.store.importer.SessionRows.UsageRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes parsed lines with JDBC batches inside the caller's transaction. Every statement is an
 * upsert, so writing the same line twice changes nothing, and every choice between two versions of a
 * row is made by an order on the rows themselves, never by which arrived first, so the tables come
 * out the same whatever order files are read in, in however many passes:
 * <ul>
 *   <li>a message (by uuid) and a summary (by leaf uuid) keep the occurrence in the file with the
 *       smallest path, and within a file the first;</li>
 *   <li>a response's usage keeps the figures of the line with the most output tokens (ties: the
 *       later line, by timestamp then uuid) or of its earliest line, by {@link UsagePolicy}, and the
 *       timestamp, session, agent and sidechain flag of its earliest line;</li>
 *   <li>a session keeps its earliest and latest activity, and its directory, branch and version
 *       from its earliest record that names a directory;</li>
 *   <li>a tool call's two halves fill their own columns, each from the file with the smallest path;</li>
 *   <li>a row that several files contain belongs to ({@code file_id}) the file with the smallest path.</li>
 * </ul>
 * Session activity and the streamed lines of one response are folded in memory by the same rules and
 * written once per flush.
 */
final class SessionWriter implements AutoCloseable {

    private static final String MAX_TS = "9223372036854775807";

    /** The path of a file id, for choosing between two files' copies of a row. */
    private static String path(String fileIdColumn) {
        return "(SELECT path FROM import_state WHERE file_id = " + fileIdColumn + ")";
    }

    /** {@code excluded} comes from a file whose path sorts before that of the stored row. */
    private static String fromEarlierFile(String table, String fileIdColumn) {
        return "(excluded." + fileIdColumn + " <> " + table + "." + fileIdColumn + " AND "
                + path("excluded." + fileIdColumn) + " < " + path(table + "." + fileIdColumn) + ")";
    }

    /** {@code SET column = CASE WHEN condition THEN excluded.column ELSE table.column END} for each column. */
    private static String takeWhen(String condition, String table, String... columns) {
        StringBuilder set = new StringBuilder();
        for (String column : columns) {
            set.append(set.length() == 0 ? "" : ",\n")
                    .append("  ")
                    .append(column)
                    .append(" = CASE WHEN ")
                    .append(condition)
                    .append(" THEN excluded.")
                    .append(column)
                    .append(" ELSE ")
                    .append(table)
                    .append('.')
                    .append(column)
                    .append(" END");
        }
        return set.toString();
    }

    /**
     * The smaller ({@code <=}) or larger ({@code >=}) of two values that are both null or both not: a
     * CASE rather than SQLite's two-argument {@code min}/{@code max}, which PostgreSQL spells
     * {@code LEAST}/{@code GREATEST}, so one statement serves both backends.
     */
    private static String pick(String comparison, String a, String b) {
        return "CASE WHEN " + a + " " + comparison + " " + b + " THEN " + a + " ELSE " + b + " END";
    }

    /** Where a session ran is taken from the row whose key is smallest: records naming a directory first, then the earliest. */
    private static String sessionKey(String row) {
        return "(" + row + ".cwd IS NULL, coalesce(" + row + ".attrs_ts, " + MAX_TS + "), " + row
                + ".project_dir, coalesce(" + row + ".cwd, ''), coalesce(" + row + ".git_branch, ''), coalesce(" + row
                + ".version, ''))";
    }

    private static final String EARLIER_SESSION_RECORD = sessionKey("excluded") + " < " + sessionKey("sessions");

    static final String UPSERT_SESSION = """
            INSERT INTO sessions (session_id, project_dir, cwd, git_branch, version, attrs_ts, first_ts, last_ts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (session_id) DO UPDATE SET
            """
            + takeWhen(EARLIER_SESSION_RECORD, "sessions", "project_dir", "cwd", "git_branch", "version", "attrs_ts")
            + ",\n  first_ts = "
            + pick(
                    "<=",
                    "coalesce(sessions.first_ts, excluded.first_ts)",
                    "coalesce(excluded.first_ts, sessions.first_ts)")
            + ",\n  last_ts = "
            + pick(
                    ">=",
                    "coalesce(sessions.last_ts, excluded.last_ts)",
                    "coalesce(excluded.last_ts, sessions.last_ts)");

    private static final String MESSAGE_COLUMNS =
            "uuid, session_id, file_id, line_no, type, parent_uuid, agent_id, is_sidechain,"
                    + " is_meta, ts, message_id, request_id, model, role, text_preview";

    static final String INSERT_MESSAGE = "INSERT INTO messages (" + MESSAGE_COLUMNS + ")\n"
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)\n"
            + "ON CONFLICT (uuid) DO UPDATE SET\n"
            + Arrays.stream(MESSAGE_COLUMNS.substring("uuid, ".length()).split(", "))
                    .map(column -> "  " + column + " = excluded." + column)
                    .collect(Collectors.joining(",\n"))
            + "\n"
            + "WHERE (excluded.file_id = messages.file_id AND excluded.line_no < messages.line_no)"
            + " OR " + fromEarlierFile("messages", "file_id");

    private static final String INSERT_USAGE = """
            INSERT INTO token_usage (message_id, request_id, session_id, file_id, uuid, agent_id, is_sidechain, model,
                                     service_tier, ts, figures_ts, input_tokens, output_tokens, cache_creation_tokens,
                                     cache_5m_tokens, cache_1h_tokens, cache_read_tokens)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String[] FIGURES = {
        "uuid",
        "model",
        "service_tier",
        "figures_ts",
        "input_tokens",
        "output_tokens",
        "cache_creation_tokens",
        "cache_5m_tokens",
        "cache_1h_tokens",
        "cache_read_tokens"
    };

    /** The order of {@link UsagePolicy#MAX_OUTPUT}: most output, then the later line; the rest only makes it total. */
    private static String maxOutputKey(String row) {
        return "(" + row + ".output_tokens, " + row + ".figures_ts, coalesce(" + row + ".uuid, ''), " + row
                + ".input_tokens, "
                + row + ".cache_creation_tokens, " + row + ".cache_read_tokens, " + row + ".cache_5m_tokens, " + row
                + ".cache_1h_tokens, coalesce(" + row + ".model, ''), coalesce(" + row + ".service_tier, ''))";
    }

    /** The order of {@link UsagePolicy#FIRST_SEEN}: the earliest line. */
    private static String firstSeenKey(String row) {
        return "(" + row + ".figures_ts, coalesce(" + row + ".uuid, ''), " + row + ".output_tokens, " + row
                + ".input_tokens, "
                + row + ".cache_creation_tokens, " + row + ".cache_read_tokens, " + row + ".cache_5m_tokens, " + row
                + ".cache_1h_tokens, coalesce(" + row + ".model, ''), coalesce(" + row + ".service_tier, ''))";
    }

    private static String identityKey(String row) {
        return "(" + row + ".ts, " + row + ".session_id, coalesce(" + row + ".agent_id, ''), " + row + ".is_sidechain)";
    }

    private static String upsertUsage(String figuresWin) {
        String earlierLine = identityKey("excluded") + " < " + identityKey("token_usage");
        String earlierFile = fromEarlierFile("token_usage", "file_id");
        return INSERT_USAGE + "\nON CONFLICT (message_id, request_id) DO UPDATE SET\n"
                + takeWhen(figuresWin, "token_usage", FIGURES) + ",\n"
                + takeWhen(earlierLine, "token_usage", "ts", "session_id", "agent_id", "is_sidechain") + ",\n"
                + takeWhen(earlierFile, "token_usage", "file_id") + "\n"
                + "WHERE " + figuresWin + " OR " + earlierLine + " OR " + earlierFile;
    }

    static final String UPSERT_USAGE_MAX_OUTPUT =
            upsertUsage(maxOutputKey("excluded") + " > " + maxOutputKey("token_usage"));

    static final String UPSERT_USAGE_FIRST_SEEN =
            upsertUsage(firstSeenKey("excluded") + " < " + firstSeenKey("token_usage"));

    private static final String TOOL_SESSION =
            "  session_id = CASE WHEN tool_results.session_id IS NULL THEN excluded.session_id\n"
                    + "    WHEN excluded.session_id IS NULL THEN tool_results.session_id\n"
                    + "    ELSE " + pick("<=", "tool_results.session_id", "excluded.session_id") + " END,\n";

    private static final String USE_WINS =
            "(tool_results.use_file_id IS NULL OR " + fromEarlierFile("tool_results", "use_file_id") + ")";

    static final String UPSERT_TOOL_USE = """
            INSERT INTO tool_results (tool_use_id, session_id, use_file_id, use_uuid, tool_name, input_json, use_ts)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tool_use_id) DO UPDATE SET
            """ + TOOL_SESSION
            + takeWhen(USE_WINS, "tool_results", "use_file_id", "use_uuid", "tool_name", "input_json", "use_ts");

    private static final String RESULT_WINS =
            "(tool_results.result_file_id IS NULL OR " + fromEarlierFile("tool_results", "result_file_id") + ")";

    static final String UPSERT_TOOL_RESULT = """
            INSERT INTO tool_results (tool_use_id, session_id, result_file_id, result_uuid, is_error, result_preview,
                                      result_chars, result_ts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tool_use_id) DO UPDATE SET
            """ + TOOL_SESSION
            + takeWhen(
                    RESULT_WINS,
                    "tool_results",
                    "result_file_id",
                    "result_uuid",
                    "is_error",
                    "result_preview",
                    "result_chars",
                    "result_ts");

    static final String INSERT_SUMMARY = "INSERT INTO summaries (leaf_uuid, summary, file_id) VALUES (?, ?, ?)\n"
            + "ON CONFLICT (leaf_uuid) DO UPDATE SET summary = excluded.summary, file_id = excluded.file_id\n"
            + "WHERE " + fromEarlierFile("summaries", "file_id");

    static final String UPSERT_ERROR = """
            INSERT INTO import_errors (file_id, line_no, reason, excerpt) VALUES (?, ?, ?, ?)
            ON CONFLICT (file_id, line_no) DO UPDATE SET reason = excluded.reason, excerpt = excluded.excerpt""";

    private final long fileId;
    private final WriterStatements statements;
    private final PreparedStatement sessions;
    private final PreparedStatement messages;
    private final PreparedStatement usage;
    private final PreparedStatement toolUses;
    private final PreparedStatement toolResults;
    private final PreparedStatement summaries;
    private final PreparedStatement errors;
    private final Map<String, SessionActivity> touched = new LinkedHashMap<>();
    // The streamed lines of one response usually sit next to each other: folding them here gives the
    // database one upsert per response instead of an insert followed by index-rewriting updates.
    private final Map<String, UsageRow> pendingUsage = new LinkedHashMap<>();
    private final UsagePolicy policy;
    private final RowCounts counts;

    /** A writer for one transaction, on statements that outlive it. */
    SessionWriter(WriterStatements statements, long fileId, UsagePolicy policy, RowCounts counts) {
        this.fileId = fileId;
        this.counts = counts;
        this.policy = policy;
        this.statements = statements;
        this.sessions = statements.sessions;
        this.messages = statements.messages;
        this.usage = statements.usage;
        this.toolUses = statements.toolUses;
        this.toolResults = statements.toolResults;
        this.summaries = statements.summaries;
        this.errors = statements.errors;
    }

    void add(ParsedLine line) throws SQLException {
        if (line.session() != null) {
            touched.computeIfAbsent(line.session().sessionId(), id -> new SessionActivity(line.session()))
                    .absorb(line.session());
        }
        if (line.message() != null) {
            bindMessage(messages, line.message(), fileId);
            messages.addBatch();
        }
        if (line.usage() != null) {
            UsageRow next = line.usage();
            pendingUsage.merge(next.messageId() + '\u0000' + next.requestId(), next, this::fold);
        }
        for (ToolUseRow t : line.toolUses()) {
            bindToolUse(toolUses, t, fileId);
            toolUses.addBatch();
        }
        for (ToolResultRow t : line.toolResults()) {
            bindToolResult(toolResults, t, fileId);
            toolResults.addBatch();
        }
        if (line.summary() != null) {
            bindSummary(summaries, line.summary(), fileId);
            summaries.addBatch();
        }
    }

    /** What the database upsert leaves of two versions of one response, by the same orders. */
    private UsageRow fold(UsageRow a, UsageRow b) {
        UsageRow identity = RowOrder.USAGE_IDENTITY.compare(a, b) <= 0 ? a : b;
        UsageRow figures = policy == UsagePolicy.MAX_OUTPUT
                ? (RowOrder.MAX_OUTPUT.compare(a, b) >= 0 ? a : b)
                : (RowOrder.FIRST_SEEN.compare(a, b) <= 0 ? a : b);
        return new UsageRow(
                identity.messageId(),
                identity.requestId(),
                identity.sessionId(),
                figures.uuid(),
                identity.agentId(),
                identity.sidechain(),
                figures.model(),
                figures.serviceTier(),
                identity.ts(),
                figures.figuresTs(),
                figures.input(),
                figures.output(),
                figures.cacheCreation(),
                figures.cache5m(),
                figures.cache1h(),
                figures.cacheRead());
    }

    static void bindMessage(PreparedStatement statement, MessageRow m, long fileId) throws SQLException {
        statement.setString(1, m.uuid());
        statement.setString(2, m.sessionId());
        statement.setLong(3, fileId);
        statement.setLong(4, m.lineNo());
        statement.setString(5, m.type());
        statement.setString(6, m.parentUuid());
        statement.setString(7, m.agentId());
        statement.setInt(8, m.sidechain() ? 1 : 0);
        statement.setInt(9, m.meta() ? 1 : 0);
        setLong(statement, 10, m.ts());
        statement.setString(11, m.messageId());
        statement.setString(12, m.requestId());
        statement.setString(13, m.model());
        statement.setString(14, m.role());
        statement.setString(15, m.textPreview());
    }

    static void bindUsage(PreparedStatement statement, UsageRow u, long fileId) throws SQLException {
        statement.setString(1, u.messageId());
        statement.setString(2, u.requestId());
        statement.setString(3, u.sessionId());
        statement.setLong(4, fileId);
        statement.setString(5, u.uuid());
        statement.setString(6, u.agentId());
        statement.setInt(7, u.sidechain() ? 1 : 0);
        statement.setString(8, u.model());
        statement.setString(9, u.serviceTier());
        statement.setLong(10, u.ts());
        statement.setLong(11, u.figuresTs());
        statement.setLong(12, u.input());
        statement.setLong(13, u.output());
        statement.setLong(14, u.cacheCreation());
        statement.setLong(15, u.cache5m());
        statement.setLong(16, u.cache1h());
        statement.setLong(17, u.cacheRead());
    }

    static void bindToolUse(PreparedStatement statement, ToolUseRow t, long fileId) throws SQLException {
        statement.setString(1, t.toolUseId());
        statement.setString(2, t.sessionId());
        statement.setLong(3, fileId);
        statement.setString(4, t.uuid());
        statement.setString(5, t.name());
        statement.setString(6, t.inputJson());
        setLong(statement, 7, t.ts());
    }

    static void bindToolResult(PreparedStatement statement, ToolResultRow t, long fileId) throws SQLException {
        statement.setString(1, t.toolUseId());
        statement.setString(2, t.sessionId());
        statement.setLong(3, fileId);
        statement.setString(4, t.uuid());
        statement.setInt(5, t.error() ? 1 : 0);
        statement.setString(6, t.preview());
        statement.setLong(7, t.chars());
        setLong(statement, 8, t.ts());
    }

    static void bindSummary(PreparedStatement statement, SummaryRow s, long fileId) throws SQLException {
        statement.setString(1, s.leafUuid());
        statement.setString(2, s.summary());
        statement.setLong(3, fileId);
    }

    /** The plain-insert form of one of this class's upserts: everything from ON CONFLICT on is dropped. */
    static String insertOrIgnore(String upsert) {
        int conflict = upsert.indexOf("ON CONFLICT");
        return upsert.substring(0, conflict < 0 ? upsert.length() : conflict)
                .replaceFirst("INSERT INTO", "INSERT OR IGNORE INTO");
    }

    void addError(long lineNo, String reason, String excerpt) throws SQLException {
        errors.setLong(1, fileId);
        errors.setLong(2, lineNo);
        errors.setString(3, reason);
        errors.setString(4, excerpt);
        errors.addBatch();
    }

    /** Sends everything added so far to SQLite (still inside the caller's transaction). */
    void flush() throws SQLException {
        for (SessionActivity a : touched.values()) {
            bindSession(sessions, a.where, a.firstTs, a.lastTs);
            sessions.addBatch();
        }
        touched.clear();
        for (UsageRow u : pendingUsage.values()) {
            bindUsage(usage, u, fileId);
            usage.addBatch();
        }
        pendingUsage.clear();
        counts.sessions += changed(sessions.executeBatch());
        counts.messages += changed(messages.executeBatch());
        counts.tokenUsage += changed(usage.executeBatch());
        counts.toolResults += changed(toolUses.executeBatch()) + changed(toolResults.executeBatch());
        counts.summaries += changed(summaries.executeBatch());
        counts.importErrors += changed(errors.executeBatch());
    }

    /** Binds {@link #UPSERT_SESSION}: where the session ran from {@code where}, and its activity range. */
    static void bindSession(PreparedStatement statement, SessionTouch where, Long firstTs, Long lastTs)
            throws SQLException {
        statement.setString(1, where.sessionId());
        statement.setString(2, where.projectDir());
        statement.setString(3, where.cwd());
        statement.setString(4, where.gitBranch());
        statement.setString(5, where.version());
        setLong(statement, 6, where.ts());
        setLong(statement, 7, firstTs);
        setLong(statement, 8, lastTs);
    }

    /** What the lines of one flush say about a session: first and last activity, and where it ran. */
    private static final class SessionActivity {
        SessionTouch where;
        Long firstTs;
        Long lastTs;

        SessionActivity(SessionTouch first) {
            this.where = first;
        }

        void absorb(SessionTouch t) {
            if (RowOrder.SESSION_RECORD.compare(t, where) < 0) {
                where = t;
            }
            if (t.ts() != null) {
                firstTs = firstTs == null ? t.ts() : Math.min(firstTs, t.ts());
                lastTs = lastTs == null ? t.ts() : Math.max(lastTs, t.ts());
            }
        }
    }

    private static int changed(int[] updateCounts) {
        int total = 0;
        for (int count : updateCounts) {
            if (count > 0) {
                total += count;
            }
        }
        return total;
    }

    static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    /** Leaves the statements without pending rows (a failed transaction may have left some); they stay open. */
    @Override
    public void close() throws SQLException {
        statements.clearBatches();
    }
}
