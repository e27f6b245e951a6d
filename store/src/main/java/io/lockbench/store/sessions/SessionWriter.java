package io.lockbench.store.sessions;

import io.lockbench.store.config.UsagePolicy;
import io.lockbench.store.sessions.SessionRows.MessageRow;
import io.lockbench.store.sessions.SessionRows.SessionTouch;
import io.lockbench.store.sessions.SessionRows.SummaryRow;
import io.lockbench.store.sessions.SessionRows.ToolResultRow;
import io.lockbench.store.sessions.SessionRows.ToolUseRow;
import io.lockbench.store.sessions.SessionRows.UsageRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes parsed lines with JDBC batches inside the caller's transaction. Every statement is an
 * upsert, so writing the same line twice changes nothing:
 * messages and summaries keep the first occurrence; usage keeps the line with the most output
 * tokens (ties: the later line) or the first line, by {@link UsagePolicy}; a tool call's two halves
 * fill their own columns whichever arrives first. Session activity is folded in memory and written
 * once per session per flush.
 */
final class SessionWriter implements AutoCloseable {

    static final String UPSERT_SESSION = """
            INSERT INTO sessions (session_id, project_dir, cwd, git_branch, version, first_ts, last_ts)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (session_id) DO UPDATE SET
              cwd = coalesce(sessions.cwd, excluded.cwd),
              git_branch = coalesce(sessions.git_branch, excluded.git_branch),
              version = coalesce(sessions.version, excluded.version),
              first_ts = min(coalesce(sessions.first_ts, excluded.first_ts), coalesce(excluded.first_ts, sessions.first_ts)),
              last_ts = max(coalesce(sessions.last_ts, excluded.last_ts), coalesce(excluded.last_ts, sessions.last_ts))""";

    static final String INSERT_MESSAGE = """
            INSERT INTO messages (uuid, session_id, file_id, line_no, type, parent_uuid, agent_id, is_sidechain,
                                  is_meta, ts, message_id, request_id, model, role, text_preview)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (uuid) DO NOTHING""";

    private static final String INSERT_USAGE = """
            INSERT INTO token_usage (message_id, request_id, session_id, file_id, uuid, agent_id, is_sidechain, model,
                                     service_tier, ts, input_tokens, output_tokens, cache_creation_tokens,
                                     cache_5m_tokens, cache_1h_tokens, cache_read_tokens)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /**
     * The figures come from the line with the most output tokens (ties: the later line); the
     * timestamp is the earliest of all lines, whichever wins. Every expression reads the row as it was
     * before the update, so one CASE per column decides with the old output count.
     */
    static final String UPSERT_USAGE_MAX_OUTPUT = INSERT_USAGE + """

            ON CONFLICT (message_id, request_id) DO UPDATE SET
              uuid = CASE WHEN excluded.output_tokens >= token_usage.output_tokens THEN excluded.uuid ELSE token_usage.uuid END,
              model = CASE WHEN excluded.output_tokens >= token_usage.output_tokens THEN excluded.model ELSE token_usage.model END,
              service_tier = CASE WHEN excluded.output_tokens >= token_usage.output_tokens
                                  THEN excluded.service_tier ELSE token_usage.service_tier END,
              input_tokens = CASE WHEN excluded.output_tokens >= token_usage.output_tokens
                                  THEN excluded.input_tokens ELSE token_usage.input_tokens END,
              cache_creation_tokens = CASE WHEN excluded.output_tokens >= token_usage.output_tokens
                                           THEN excluded.cache_creation_tokens ELSE token_usage.cache_creation_tokens END,
              cache_5m_tokens = CASE WHEN excluded.output_tokens >= token_usage.output_tokens
                                     THEN excluded.cache_5m_tokens ELSE token_usage.cache_5m_tokens END,
              cache_1h_tokens = CASE WHEN excluded.output_tokens >= token_usage.output_tokens
                                     THEN excluded.cache_1h_tokens ELSE token_usage.cache_1h_tokens END,
              cache_read_tokens = CASE WHEN excluded.output_tokens >= token_usage.output_tokens
                                       THEN excluded.cache_read_tokens ELSE token_usage.cache_read_tokens END,
              output_tokens = max(excluded.output_tokens, token_usage.output_tokens),
              ts = min(token_usage.ts, excluded.ts)
            WHERE excluded.output_tokens >= token_usage.output_tokens OR excluded.ts < token_usage.ts""";

    static final String UPSERT_USAGE_FIRST_SEEN = INSERT_USAGE + "\nON CONFLICT (message_id, request_id) DO NOTHING";

    static final String UPSERT_TOOL_USE = """
            INSERT INTO tool_results (tool_use_id, session_id, use_file_id, use_uuid, tool_name, input_json, use_ts)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tool_use_id) DO UPDATE SET
              session_id = coalesce(tool_results.session_id, excluded.session_id),
              use_file_id = coalesce(tool_results.use_file_id, excluded.use_file_id),
              use_uuid = coalesce(tool_results.use_uuid, excluded.use_uuid),
              tool_name = coalesce(tool_results.tool_name, excluded.tool_name),
              input_json = coalesce(tool_results.input_json, excluded.input_json),
              use_ts = coalesce(tool_results.use_ts, excluded.use_ts)""";

    static final String UPSERT_TOOL_RESULT = """
            INSERT INTO tool_results (tool_use_id, session_id, result_file_id, result_uuid, is_error, result_preview,
                                      result_chars, result_ts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tool_use_id) DO UPDATE SET
              session_id = coalesce(tool_results.session_id, excluded.session_id),
              result_file_id = coalesce(tool_results.result_file_id, excluded.result_file_id),
              result_uuid = coalesce(tool_results.result_uuid, excluded.result_uuid),
              is_error = coalesce(tool_results.is_error, excluded.is_error),
              result_preview = coalesce(tool_results.result_preview, excluded.result_preview),
              result_chars = coalesce(tool_results.result_chars, excluded.result_chars),
              result_ts = coalesce(tool_results.result_ts, excluded.result_ts)""";

    static final String INSERT_SUMMARY = """
            INSERT INTO summaries (leaf_uuid, summary, file_id) VALUES (?, ?, ?)
            ON CONFLICT (leaf_uuid) DO NOTHING""";

    static final String UPSERT_ERROR = """
            INSERT INTO import_errors (file_id, line_no, reason, excerpt) VALUES (?, ?, ?, ?)
            ON CONFLICT (file_id, line_no) DO UPDATE SET reason = excluded.reason, excerpt = excluded.excerpt""";

    private final long fileId;
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

    SessionWriter(Connection connection, long fileId, UsagePolicy policy, RowCounts counts) throws SQLException {
        this.fileId = fileId;
        this.counts = counts;
        this.policy = policy;
        this.sessions = connection.prepareStatement(UPSERT_SESSION);
        this.messages = connection.prepareStatement(INSERT_MESSAGE);
        this.usage = connection.prepareStatement(policy == UsagePolicy.MAX_OUTPUT ? UPSERT_USAGE_MAX_OUTPUT : UPSERT_USAGE_FIRST_SEEN);
        this.toolUses = connection.prepareStatement(UPSERT_TOOL_USE);
        this.toolResults = connection.prepareStatement(UPSERT_TOOL_RESULT);
        this.summaries = connection.prepareStatement(INSERT_SUMMARY);
        this.errors = connection.prepareStatement(UPSERT_ERROR);
    }

    void add(ParsedLine line) throws SQLException {
        if (line.session() != null) {
            touched.computeIfAbsent(line.session().sessionId(), id -> new SessionActivity(line.session())).absorb(line.session());
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

    /**
     * What the database upsert would leave after {@code earlier} then {@code later}: the first
     * occurrence keeps its session, agent and sidechain flag and the earliest timestamp; the figures
     * come from the line the usage policy picks.
     */
    private UsageRow fold(UsageRow earlier, UsageRow later) {
        boolean laterWins = policy == UsagePolicy.MAX_OUTPUT && later.output() >= earlier.output();
        UsageRow figures = laterWins ? later : earlier;
        return new UsageRow(earlier.messageId(), earlier.requestId(), earlier.sessionId(), figures.uuid(),
                earlier.agentId(), earlier.sidechain(), figures.model(), figures.serviceTier(),
                policy == UsagePolicy.MAX_OUTPUT ? Math.min(earlier.ts(), later.ts()) : earlier.ts(), figures.input(), figures.output(), figures.cacheCreation(),
                figures.cache5m(), figures.cache1h(), figures.cacheRead());
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
        statement.setLong(11, u.input());
        statement.setLong(12, u.output());
        statement.setLong(13, u.cacheCreation());
        statement.setLong(14, u.cache5m());
        statement.setLong(15, u.cache1h());
        statement.setLong(16, u.cacheRead());
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
        return upsert.substring(0, conflict < 0 ? upsert.length() : conflict).replaceFirst("INSERT INTO", "INSERT OR IGNORE INTO");
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
            sessions.setString(1, a.sessionId);
            sessions.setString(2, a.projectDir);
            sessions.setString(3, a.cwd);
            sessions.setString(4, a.gitBranch);
            sessions.setString(5, a.version);
            setLong(sessions, 6, a.firstTs);
            setLong(sessions, 7, a.lastTs);
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

    /** What the lines of one flush say about a session: first and last activity, first cwd/branch/version. */
    private static final class SessionActivity {
        final String sessionId;
        final String projectDir;
        String cwd;
        String gitBranch;
        String version;
        Long firstTs;
        Long lastTs;

        SessionActivity(SessionTouch first) {
            this.sessionId = first.sessionId();
            this.projectDir = first.projectDir();
        }

        void absorb(SessionTouch t) {
            cwd = cwd != null ? cwd : t.cwd();
            gitBranch = gitBranch != null ? gitBranch : t.gitBranch();
            version = version != null ? version : t.version();
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

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : new PreparedStatement[] {sessions, messages, usage, toolUses, toolResults, summaries, errors}) {
            statement.close();
        }
    }
}
