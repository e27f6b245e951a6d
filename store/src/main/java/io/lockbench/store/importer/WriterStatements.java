package io.lockbench.store.importer;

import io.lockbench.store.config.UsagePolicy;
import io.lockbench.store.db.StoreBackend;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The importer's statements, prepared once per SQLite connection and kept for a whole import.
 *
 * <p>The upserts are long (every column chooses between two versions of a row), so preparing them
 * costs more than running a batch of 100 records through them. The import takes the writer connection
 * for each transaction and gives it back after, so that other writers get their turn; the statements
 * are therefore prepared on the SQLite connection underneath the pool's handle, which the pool does not
 * close when the handle goes back, and reused whenever the next transaction gets the same connection
 * (always under the split strategy's single writer). A different connection gets its own statements.
 */
final class WriterStatements {

    static final String ADVANCE_STATE = "UPDATE import_state SET size_bytes = ?, offset_bytes = ?, line_count = ?,"
            + " fingerprint = ?, fingerprint_len = ? WHERE file_id = ?";

    final PreparedStatement sessions;
    final PreparedStatement messages;
    final PreparedStatement usage;
    final PreparedStatement toolUses;
    final PreparedStatement toolResults;
    final PreparedStatement summaries;
    final PreparedStatement errors;
    final PreparedStatement advance;
    private final Connection sqlite;

    private WriterStatements(Connection sqlite, UsagePolicy policy) throws SQLException {
        this.sqlite = sqlite;
        this.sessions = sqlite.prepareStatement(SessionWriter.UPSERT_SESSION);
        this.messages = sqlite.prepareStatement(SessionWriter.INSERT_MESSAGE);
        this.usage = sqlite.prepareStatement(
                policy == UsagePolicy.MAX_OUTPUT
                        ? SessionWriter.UPSERT_USAGE_MAX_OUTPUT
                        : SessionWriter.UPSERT_USAGE_FIRST_SEEN);
        this.toolUses = sqlite.prepareStatement(SessionWriter.UPSERT_TOOL_USE);
        this.toolResults = sqlite.prepareStatement(SessionWriter.UPSERT_TOOL_RESULT);
        this.summaries = sqlite.prepareStatement(SessionWriter.INSERT_SUMMARY);
        this.errors = sqlite.prepareStatement(SessionWriter.UPSERT_ERROR);
        this.advance = sqlite.prepareStatement(ADVANCE_STATE);
    }

    private PreparedStatement[] all() {
        return new PreparedStatement[] {sessions, messages, usage, toolUses, toolResults, summaries, errors, advance};
    }

    /** Drops batched rows a failed transaction left behind, so they cannot leak into the next one. */
    void clearBatches() throws SQLException {
        for (PreparedStatement statement : all()) {
            statement.clearBatch();
        }
    }

    private void closeQuietly() {
        for (PreparedStatement statement : all()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // the connection is gone or going: its statements go with it
            }
        }
    }

    /** The statements of one import: for each transaction, those of the connection it runs on. */
    static final class Cache implements AutoCloseable {
        private final UsagePolicy policy;
        private WriterStatements current;

        Cache(UsagePolicy policy) {
            this.policy = policy;
        }

        WriterStatements on(Connection connection) throws SQLException {
            Connection sqlite = StoreBackend.physical(connection);
            if (current != null && current.sqlite == sqlite && !sqlite.isClosed()) {
                return current;
            }
            close();
            current = new WriterStatements(sqlite, policy);
            return current;
        }

        @Override
        public void close() {
            if (current != null) {
                current.closeQuietly();
                current = null;
            }
        }
    }
}
