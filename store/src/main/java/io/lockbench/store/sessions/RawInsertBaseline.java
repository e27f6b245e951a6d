package io.lockbench.store.sessions;

import io.lockbench.store.config.TransactionMode;
import io.lockbench.store.db.ConnectionProvider;
import io.lockbench.store.db.Transactions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The ceiling an importer is measured against: the same files, the same parser, the same rows, but
 * written with plain {@code INSERT OR IGNORE} batches in one transaction — no upserts, no session
 * folding, no offsets. Benchmarks only; it keeps none of the importer's guarantees.
 */
public final class RawInsertBaseline {

    private static final int CHUNK = 1000;

    private RawInsertBaseline() {
    }

    /** Returns the number of records written. */
    public static long insertAll(ConnectionProvider connections, List<TranscriptFile> files) throws SQLException {
        try (Connection connection = connections.openWriter()) {
            return Transactions.write(connection, TransactionMode.IMMEDIATE, c -> {
                long records = 0;
                try (PreparedStatement messages = c.prepareStatement(SessionWriter.INSERT_MESSAGE.replace(
                        "ON CONFLICT (uuid) DO NOTHING", "").replace("INSERT INTO", "INSERT OR IGNORE INTO"));
                     PreparedStatement usage = c.prepareStatement(SessionWriter.UPSERT_USAGE_FIRST_SEEN.replace(
                             "ON CONFLICT (message_id, request_id) DO NOTHING", "").replace("INSERT INTO", "INSERT OR IGNORE INTO"))) {
                    for (TranscriptFile file : files) {
                        records += insertFile(file, messages, usage);
                    }
                }
                return records;
            });
        }
    }

    private static long insertFile(TranscriptFile file, PreparedStatement messages, PreparedStatement usage) throws SQLException {
        TranscriptParser parser = new TranscriptParser(file);
        long records = 0;
        try (JsonlLineReader reader = new JsonlLineReader(file.path(), 0, java.nio.file.Files.size(file.path()),
                ImportOptions.DEFAULT_MAX_LINE_BYTES)) {
            long lineNo = 0;
            for (JsonlLineReader.Line line = reader.next(); line != null; line = reader.next()) {
                lineNo++;
                ParsedLine parsed;
                try {
                    parsed = parser.parse(line.bytes, line.length, lineNo);
                } catch (MalformedLineException e) {
                    continue;
                }
                records++;
                if (parsed.message() != null) {
                    SessionWriter.bindMessage(messages, parsed.message(), 0);
                    messages.addBatch();
                }
                if (parsed.usage() != null) {
                    SessionWriter.bindUsage(usage, parsed.usage(), 0);
                    usage.addBatch();
                }
                if (records % CHUNK == 0) {
                    messages.executeBatch();
                    usage.executeBatch();
                }
            }
            messages.executeBatch();
            usage.executeBatch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }
}
