package io.lockbench.store.importer;

import io.lockbench.store.access.SqlWork;
import io.lockbench.store.transcript.TranscriptFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ceiling an importer is measured against: the same files, the same parser and the same rows in
 * every table, written with plain {@code INSERT OR IGNORE} batches in one transaction — no upserts,
 * no merging of repeated usage lines, no session activity folding, no offsets. For benchmarks only:
 * it keeps none of the importer's guarantees.
 */
public final class RawInsertBaseline {

    private static final int CHUNK = 1000;

    private RawInsertBaseline() {}

    /**
     * The work of writing {@code files} in one transaction, answering the number of records written:
     * run it with {@code SessionStore.write}.
     */
    public static SqlWork<Long> insertAll(List<TranscriptFile> files) {
        return c -> {
            long records = 0;
            try (Statements statements = new Statements(c)) {
                for (TranscriptFile file : files) {
                    records += insertFile(file, statements);
                }
                statements.flush();
            }
            return records;
        };
    }

    private static final class Statements implements AutoCloseable {
        final PreparedStatement sessions;
        final PreparedStatement messages;
        final PreparedStatement usage;
        final PreparedStatement toolUses;
        final PreparedStatement toolResults;
        final PreparedStatement summaries;
        final Set<String> sessionIds = new HashSet<>();

        Statements(Connection c) throws SQLException {
            sessions = c.prepareStatement(SessionWriter.insertOrIgnore(SessionWriter.UPSERT_SESSION));
            messages = c.prepareStatement(SessionWriter.insertOrIgnore(SessionWriter.INSERT_MESSAGE));
            usage = c.prepareStatement(SessionWriter.insertOrIgnore(SessionWriter.UPSERT_USAGE_FIRST_SEEN));
            toolUses = c.prepareStatement(SessionWriter.insertOrIgnore(SessionWriter.UPSERT_TOOL_USE));
            toolResults = c.prepareStatement(SessionWriter.insertOrIgnore(SessionWriter.UPSERT_TOOL_RESULT));
            summaries = c.prepareStatement(SessionWriter.insertOrIgnore(SessionWriter.INSERT_SUMMARY));
        }

        void add(ParsedLine parsed) throws SQLException {
            SessionRows.SessionTouch touch = parsed.session();
            if (touch != null && sessionIds.add(touch.sessionId())) {
                SessionWriter.bindSession(sessions, touch, touch.ts(), touch.ts());
                sessions.addBatch();
            }
            if (parsed.message() != null) {
                SessionWriter.bindMessage(messages, parsed.message(), 0);
                messages.addBatch();
            }
            if (parsed.usage() != null) {
                SessionWriter.bindUsage(usage, parsed.usage(), 0);
                usage.addBatch();
            }
            for (SessionRows.ToolUseRow t : parsed.toolUses()) {
                SessionWriter.bindToolUse(toolUses, t, 0);
                toolUses.addBatch();
            }
            for (SessionRows.ToolResultRow t : parsed.toolResults()) {
                SessionWriter.bindToolResult(toolResults, t, 0);
                toolResults.addBatch();
            }
            if (parsed.summary() != null) {
                SessionWriter.bindSummary(summaries, parsed.summary(), 0);
                summaries.addBatch();
            }
        }

        void flush() throws SQLException {
            for (PreparedStatement statement : all()) {
                statement.executeBatch();
            }
        }

        private PreparedStatement[] all() {
            return new PreparedStatement[] {sessions, messages, usage, toolUses, toolResults, summaries};
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement statement : all()) {
                statement.close();
            }
        }
    }

    private static long insertFile(TranscriptFile file, Statements statements) throws SQLException {
        TranscriptParser parser = new TranscriptParser(file);
        long records = 0;
        try (JsonlLineReader reader =
                new JsonlLineReader(file.path(), 0, Files.size(file.path()), ImportOptions.defaultMaxLineBytes())) {
            long lineNo = 0;
            for (JsonlLineReader.Line line = reader.next(); line != null; line = reader.next()) {
                lineNo++;
                try {
                    statements.add(parser.parse(line.bytes, line.length, lineNo));
                } catch (MalformedLineException e) {
                    continue;
                }
                if (++records % CHUNK == 0) {
                    statements.flush();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }
}
