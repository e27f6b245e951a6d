package io.lockbench.store.query;

import io.lockbench.store.db.ReadRequests;
import io.lockbench.store.transcript.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The read-optimized repository: session lists, activity and token timelines. Every method is one
 * request; under the {@code snapshot} read path all of its queries see one database state.
 */
public final class SessionQueries {

    private static final String TOKEN_SUMS = "count(*) AS requests, coalesce(sum(input_tokens), 0) AS input,"
            + " coalesce(sum(output_tokens), 0) AS output, coalesce(sum(cache_creation_tokens), 0) AS cache_creation,"
            + " coalesce(sum(cache_read_tokens), 0) AS cache_read";

    /** The start of the bucket a timestamp falls in: floor, not truncation, so times before 1970 land in their own bucket. */
    private static final String FLOOR_TO_BUCKET = "(ts - ((ts % :bucket) + :bucket) % :bucket)";

    private static final String DAY_NUMBER = "((ts - ((ts % :day) + :day) % :day) / :day)";

    private static final String SESSION_COLUMNS = """
            s.session_id, s.project_dir, s.cwd, s.git_branch, s.version, s.first_ts, s.last_ts,
            (SELECT count(*) FROM messages m WHERE m.session_id = s.session_id) AS messages,
            (SELECT su.summary FROM summaries su JOIN messages m ON m.uuid = su.leaf_uuid
              WHERE m.session_id = s.session_id ORDER BY m.ts DESC NULLS LAST, su.leaf_uuid LIMIT 1) AS summary,
            u.requests, u.input, u.output, u.cache_creation, u.cache_read""";

    private static final String TOKENS_BY_SESSION = "SELECT session_id, " + TOKEN_SUMS
            + " FROM token_usage WHERE session_id IN (SELECT session_id FROM picked) GROUP BY session_id";

    /** The most sessions one page returns. */
    public static final int MAX_PAGE = 10_000;

    private final ReadRequests requests;

    public SessionQueries(ReadRequests requests) {
        this.requests = requests;
    }

    /** Sessions ordered by last activity, newest first. */
    public SessionPage listSessions(int offset, int limit) {
        checkPage(offset, limit);
        return requests.run(reads -> {
            long total = reads.first("SELECT count(*) FROM sessions", Map.of(), (rs, ctx) -> rs.getLong(1))
                    .orElse(0L);
            List<SessionSummary> sessions = reads.list(
                    "WITH picked AS (SELECT * FROM sessions ORDER BY last_ts DESC NULLS LAST, session_id LIMIT :limit OFFSET :offset)"
                            + " SELECT " + SESSION_COLUMNS + " FROM picked s LEFT JOIN (" + TOKENS_BY_SESSION + ") u"
                            + " USING (session_id) ORDER BY s.last_ts DESC NULLS LAST, s.session_id",
                    Map.of("limit", limit, "offset", offset),
                    SessionQueries::summary);
            return new SessionPage(total, offset, limit, sessions);
        });
    }

    /** Sessions with any activity at or after {@code since}, newest first. */
    public List<SessionSummary> activeSessions(Instant since) {
        return requests.run(reads -> reads.list(
                "WITH picked AS (SELECT * FROM sessions WHERE last_ts >= :since)"
                        + " SELECT " + SESSION_COLUMNS + " FROM picked s LEFT JOIN (" + TOKENS_BY_SESSION + ") u"
                        + " USING (session_id) ORDER BY s.last_ts DESC NULLS LAST, s.session_id",
                Map.of("since", since.toEpochMilli()),
                SessionQueries::summary));
    }

    /**
     * One page of the sessions active at or after {@code since}, newest first, and how many there are
     * in all, from one snapshot: what a server hands out, so an answer's size has a bound whatever the
     * window.
     */
    public SessionPage activeSessions(Instant since, int offset, int limit) {
        checkPage(offset, limit);
        return requests.run(reads -> {
            long total = reads.first(
                            "SELECT count(*) FROM sessions WHERE last_ts >= :since",
                            Map.of("since", since.toEpochMilli()),
                            (rs, ctx) -> rs.getLong(1))
                    .orElse(0L);
            List<SessionSummary> sessions = reads.list(
                    "WITH picked AS (SELECT * FROM sessions WHERE last_ts >= :since"
                            + " ORDER BY last_ts DESC NULLS LAST, session_id LIMIT :limit OFFSET :offset)"
                            + " SELECT " + SESSION_COLUMNS + " FROM picked s LEFT JOIN (" + TOKENS_BY_SESSION + ") u"
                            + " USING (session_id) ORDER BY s.last_ts DESC NULLS LAST, s.session_id",
                    Map.of("since", since.toEpochMilli(), "limit", limit, "offset", offset),
                    SessionQueries::summary);
            return new SessionPage(total, offset, limit, sessions);
        });
    }

    public Optional<SessionDetail> session(String sessionId) {
        return requests.run(reads -> {
            Optional<SessionSummary> summary = reads.first(
                    "WITH picked AS (SELECT * FROM sessions WHERE session_id = :id)"
                            + " SELECT " + SESSION_COLUMNS + " FROM picked s LEFT JOIN (" + TOKENS_BY_SESSION + ") u"
                            + " USING (session_id)",
                    Map.of("id", sessionId),
                    SessionQueries::summary);
            if (summary.isEmpty()) {
                return Optional.empty();
            }
            Map<String, Long> byType = new LinkedHashMap<>();
            reads.list(
                    "SELECT type, count(*) FROM messages WHERE session_id = :id GROUP BY type ORDER BY type",
                    Map.of("id", sessionId),
                    (rs, ctx) -> byType.put(rs.getString(1), rs.getLong(2)));
            long sidechain = reads.first(
                            "SELECT count(*) FROM messages WHERE session_id = :id AND is_sidechain = 1",
                            Map.of("id", sessionId),
                            (rs, ctx) -> rs.getLong(1))
                    .orElse(0L);
            long[] tools = reads.first(
                            "SELECT count(*), coalesce(sum(is_error), 0) FROM tool_results WHERE session_id = :id",
                            Map.of("id", sessionId),
                            (rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
                    .orElse(new long[2]);
            return Optional.of(new SessionDetail(summary.get(), byType, sidechain, tools[0], tools[1]));
        });
    }

    /** One session's token use per bucket, with the session's total from the same snapshot. */
    public Optional<TokenTimeline> sessionTimeline(String sessionId, Bucket bucket) {
        return sessionTimeline(sessionId, bucket, Timestamps.MIN, Timestamps.END);
    }

    /**
     * One session's token use per bucket in {@code [from, to)}, with the total of that range from the
     * same snapshot; empty when there is no such session.
     */
    public Optional<TokenTimeline> sessionTimeline(String sessionId, Bucket bucket, Instant from, Instant to) {
        return requests.run(reads -> {
            if (reads.first("SELECT 1 FROM sessions WHERE session_id = :id", Map.of("id", sessionId), (rs, ctx) -> 1)
                    .isEmpty()) {
                return Optional.empty();
            }
            Map<String, Object> binds = Map.of(
                    "id", sessionId, "bucket", bucket.millis(), "from", from.toEpochMilli(), "to", to.toEpochMilli());
            String range = " FROM token_usage WHERE session_id = :id AND ts >= :from AND ts < :to";
            List<TimelinePoint> points = reads.list(
                    "SELECT " + FLOOR_TO_BUCKET + " AS bucket_start, " + TOKEN_SUMS + range
                            + " GROUP BY bucket_start ORDER BY bucket_start",
                    binds,
                    SessionQueries::point);
            TokenTotals total = reads.first("SELECT " + TOKEN_SUMS + range, binds, (rs, ctx) -> totals(rs))
                    .orElse(TokenTotals.ZERO);
            return Optional.of(new TokenTimeline(sessionId, bucket, points, total));
        });
    }

    /** Token use of all sessions per bucket over every instant the store keeps. */
    public TokenTimeline globalTimeline(Bucket bucket) {
        return globalTimeline(bucket, Timestamps.MIN, Timestamps.END);
    }

    /**
     * Token use of all sessions per bucket in {@code [from, to)}, with the total of that range. Hour and
     * day buckets over an hour-aligned range read the hourly rollup that triggers keep in step with
     * {@code token_usage}; minute buckets and unaligned ranges read the responses themselves.
     */
    public TokenTimeline globalTimeline(Bucket bucket, Instant from, Instant to) {
        long hour = Bucket.HOUR.millis();
        boolean rollup = bucket != Bucket.MINUTE && from.toEpochMilli() % hour == 0 && to.toEpochMilli() % hour == 0;
        String source = rollup
                ? "(SELECT hour_start AS ts, requests, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens"
                        + " FROM token_usage_hourly WHERE hour_start >= :from AND hour_start < :to AND requests > 0) AS source"
                : "(SELECT ts, 1 AS requests, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens"
                        + " FROM token_usage WHERE ts >= :from AND ts < :to) AS source";
        String sums = "coalesce(sum(requests), 0) AS requests, coalesce(sum(input_tokens), 0) AS input,"
                + " coalesce(sum(output_tokens), 0) AS output, coalesce(sum(cache_creation_tokens), 0) AS cache_creation,"
                + " coalesce(sum(cache_read_tokens), 0) AS cache_read";
        return requests.run(reads -> {
            Map<String, Object> binds =
                    Map.of("bucket", bucket.millis(), "from", from.toEpochMilli(), "to", to.toEpochMilli());
            List<TimelinePoint> points = reads.list(
                    "SELECT " + FLOOR_TO_BUCKET + " AS bucket_start, " + sums + " FROM " + source
                            + " GROUP BY bucket_start ORDER BY bucket_start",
                    binds,
                    SessionQueries::point);
            TokenTotals total = reads.first("SELECT " + sums + " FROM " + source, binds, (rs, ctx) -> totals(rs))
                    .orElse(TokenTotals.ZERO);
            return new TokenTimeline(null, bucket, points, total);
        });
    }

    /** Per UTC day in {@code [from, to)}: sessions with activity, messages, tokens. */
    public List<ActivityDay> activity(Instant from, Instant to) {
        record DayCount(long day, long sessions, long messages) {}
        record DayTokens(long day, long tokens) {}
        return requests.run(reads -> {
            Map<String, Object> binds =
                    Map.of("day", Bucket.DAY.millis(), "from", from.toEpochMilli(), "to", to.toEpochMilli());
            List<DayCount> counts = reads.list(
                    "SELECT " + DAY_NUMBER + " AS d, count(DISTINCT session_id), count(*) FROM messages"
                            + " WHERE ts >= :from AND ts < :to GROUP BY d ORDER BY d",
                    binds,
                    (rs, ctx) -> new DayCount(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
            Map<Long, Long> tokens = new HashMap<>();
            reads.list(
                            "SELECT " + DAY_NUMBER
                                    + " AS d, sum(input_tokens + output_tokens + cache_creation_tokens + cache_read_tokens)"
                                    + " FROM token_usage WHERE ts >= :from AND ts < :to GROUP BY d",
                            binds,
                            (rs, ctx) -> new DayTokens(rs.getLong(1), rs.getLong(2)))
                    .forEach(t -> tokens.put(t.day(), t.tokens()));
            TreeMap<Long, ActivityDay> days = new TreeMap<>();
            for (DayCount c : counts) {
                days.put(c.day(), new ActivityDay(LocalDate.ofEpochDay(c.day()), c.sessions(), c.messages(), 0));
            }
            tokens.forEach((day, sum) -> days.merge(
                    day,
                    new ActivityDay(LocalDate.ofEpochDay(day), 0, 0, sum),
                    (a, b) -> new ActivityDay(a.day(), a.sessions(), a.messages(), b.tokens())));
            return List.copyOf(days.values());
        });
    }

    private static void checkPage(int offset, int limit) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0 but was " + offset);
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + " but was " + limit);
        }
    }

    private static SessionSummary summary(ResultSet rs, StatementContext ctx) throws SQLException {
        return new SessionSummary(
                rs.getString("session_id"),
                rs.getString("project_dir"),
                rs.getString("cwd"),
                rs.getString("git_branch"),
                rs.getString("version"),
                instant(rs, "first_ts"),
                instant(rs, "last_ts"),
                rs.getLong("messages"),
                totals(rs),
                rs.getString("summary"));
    }

    private static TimelinePoint point(ResultSet rs, StatementContext ctx) throws SQLException {
        return new TimelinePoint(Instant.ofEpochMilli(rs.getLong("bucket_start")), totals(rs));
    }

    private static TokenTotals totals(ResultSet rs) throws SQLException {
        return new TokenTotals(
                rs.getLong("requests"),
                rs.getLong("input"),
                rs.getLong("output"),
                rs.getLong("cache_creation"),
                rs.getLong("cache_read"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }
}
