package io.lockbench.store.sessions;

import io.lockbench.store.config.ImportStrategy;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.db.ConnectionProvider;
import io.lockbench.store.db.Transactions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a tree of Claude Code transcripts ({@code <root>/<project-dir>/<session>.jsonl} and subagent
 * files) into the store.
 *
 * <p>Records are grouped into write transactions by {@link ImportStrategy}: one per record, one per
 * {@code batch_size} records, or one per file. Every transaction also moves the file's offset in
 * {@code import_state}, so an import killed at any point resumes with no line lost or stored twice.
 * Files are read in path order, which makes the result independent of the strategy.
 */
public final class SessionImporter {

    private static final Logger LOG = LoggerFactory.getLogger(SessionImporter.class);

    /** Records parsed ahead and written per JDBC batch inside a whole-file transaction. */
    static final int WHOLE_FILE_CHUNK = 1000;

    private final ConnectionProvider connections;
    private final StoreConfig config;

    public SessionImporter(ConnectionProvider connections, StoreConfig config) {
        this.connections = connections;
        this.config = config;
    }

    /** The transcript files under {@code root}, in the order an import reads them (links by {@link TranscriptDiscovery}'s rule). */
    public static List<TranscriptFile> discover(Path root) throws IOException {
        return TranscriptDiscovery.find(root, false).files();
    }

    public ImportReport importAll(Path root, ImportOptions options) throws IOException {
        TranscriptDiscovery.Found found = transcripts(root, options);
        return importFiles(found.files(), options, found.skipped());
    }

    private static TranscriptDiscovery.Found transcripts(Path root, ImportOptions options) throws IOException {
        TranscriptDiscovery.Found found = TranscriptDiscovery.find(root, options.followLinks());
        if (found.files().isEmpty()) {
            throw new InvalidInputException("no transcript files under " + root
                    + " (expected <project-dir>/<session-uuid>.jsonl)"
                    + (found.skipped().isEmpty() ? "" : "; skipped: " + found.skipped().get(0)
                    + (found.skipped().size() > 1 ? " and " + (found.skipped().size() - 1) + " more" : "")));
        }
        return found;
    }

    /**
     * Forgets everything imported and imports every file under {@code root} from its first line: the
     * result is exactly that of a clean import of the files as they are now, even where a file changed
     * in place (a line edited to a lower count, say), which resuming or re-reading cannot undo because
     * upserts only ever keep the larger or earlier value. The old data goes in one transaction before
     * the first file is read, so readers see the store empty and then filling up again.
     */
    public ImportReport rebuildAll(Path root, ImportOptions options) throws IOException {
        TranscriptDiscovery.Found found = transcripts(root, options);
        try (Connection connection = connections.openWriter()) {
            Transactions.write(connection, config.transactionMode(), c -> {
                ImportStates.forgetAll(c);
                return null;
            });
        } catch (SQLException e) {
            throw new ImportFailedException(root, 0, e);
        }
        return importFiles(found.files(), options.withIncremental(true), found.skipped());
    }

    public ImportReport importFiles(List<TranscriptFile> files, ImportOptions options) {
        return importFiles(files, options, List.of());
    }

    private ImportReport importFiles(List<TranscriptFile> files, ImportOptions options, List<LineProblem> skipped) {
        long started = System.nanoTime();
        Totals totals = new Totals();
        skipped.forEach(totals::problem);
        long totalBytes = 0;
        for (TranscriptFile file : files) {
            try {
                totalBytes += Files.size(file.path());
            } catch (IOException e) {
                // reported when the file is read
            }
        }
        options.listener().started(files.size(), totalBytes);
        for (TranscriptFile file : files) {
            totals.filesSeen++;
            try {
                new FileRun(file, options, totals).run();
            } catch (IOException e) {
                totals.filesFailed++;
                totals.problem(new LineProblem(file.path(), 0, "cannot read: " + describe(e)));
                LOG.warn("skipped {}: {}", file.path(), describe(e));
            }
        }
        return totals.report(System.nanoTime() - started);
    }

    private static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "file disappeared during the import";
        }
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }

    /** Import of one file: decides where to start, then reads and commits batch after batch. */
    private final class FileRun {
        private final TranscriptFile file;
        private final ImportOptions options;
        private final Totals totals;
        private final TranscriptParser parser;
        private long fileId;
        private long offset;
        private long lineNo;
        private long size;
        private String fingerprint;

        FileRun(TranscriptFile file, ImportOptions options, Totals totals) {
            this.file = file;
            this.options = options;
            this.totals = totals;
            this.parser = new TranscriptParser(file);
        }

        void run() throws IOException {
            Path path = file.path();
            size = Files.size(path);
            try {
                if (!prepare()) {
                    totals.filesUnchanged++;
                    return;
                }
            } catch (SQLException e) {
                throw new ImportFailedException(path, offset, e);
            }
            long before = offset;
            try (JsonlLineReader reader = new JsonlLineReader(path, offset, size, options.maxLineBytes())) {
                if (config.importStrategy() == ImportStrategy.WHOLE_FILE) {
                    importWholeFile(reader);
                } else {
                    importInBatches(reader, config.importStrategy() == ImportStrategy.PER_RECORD ? 1 : config.batchSize());
                }
            } catch (SQLException e) {
                throw new ImportFailedException(path, offset, e);
            }
            if (offset > before) {
                totals.filesWithNewData++;
            } else {
                totals.filesUnchanged++;
            }
        }

        /** Finds the file's state; returns false when an incremental import has nothing new to read. */
        private boolean prepare() throws SQLException, IOException {
            ImportStates.State state;
            try (Connection connection = connections.openWriter()) {
                state = ImportStates.load(connection, file.path());
                if (state == null) {
                    state = Transactions.write(connection, config.transactionMode(),
                            c -> ImportStates.register(c, file.path()));
                }
            }
            fileId = state.fileId();
            if (!options.incremental() || state.offset() == 0) {
                offset = 0;
                lineNo = 0;
                return size > 0;
            }
            boolean sameStart = state.fingerprintLen() <= size
                    && ImportStates.fingerprint(file.path(), state.fingerprintLen()).equals(state.fingerprint());
            if (!sameStart || size < state.offset()) {
                LOG.info("{} was {} since the last import; importing it again from the start",
                        file.path(), sameStart ? "truncated" : "replaced");
                try (Connection connection = connections.openWriter()) {
                    Transactions.write(connection, config.transactionMode(), c -> {
                        ImportStates.reset(c, fileId, file.kind() == TranscriptFile.Kind.SESSION ? file.sessionId() : null);
                        return null;
                    });
                }
                totals.filesReset++;
                offset = 0;
                lineNo = 0;
                return size > 0;
            }
            offset = state.offset();
            lineNo = state.lineCount();
            return size > offset;
        }

        private void importInBatches(JsonlLineReader reader, int recordsPerTransaction) throws IOException, SQLException {
            while (true) {
                ImportBatch batch = ImportBatch.read(reader, parser, recordsPerTransaction, offset, lineNo);
                if (!batch.advancesOffset(offset)) {
                    totals.absorb(file, batch);
                    return;
                }
                RowCounts counts = new RowCounts();
                try (Connection connection = connections.openWriter()) {
                    Transactions.write(connection, config.transactionMode(), c -> {
                        try (SessionWriter writer = new SessionWriter(c, fileId, config.usagePolicy(), counts)) {
                            write(writer, batch);
                            writer.flush();
                        }
                        advance(c, batch);
                        return null;
                    });
                }
                committed(batch, counts);
                if (batch.partialLinePending) {
                    return;
                }
            }
        }

        private void importWholeFile(JsonlLineReader reader) throws IOException, SQLException {
            RowCounts counts = new RowCounts();
            // Counted apart and merged only after the commit: a rolled-back file must not show in the report.
            Totals fileTotals = new Totals();
            long[] end = {offset, lineNo};
            try (Connection connection = connections.openWriter()) {
                Transactions.write(connection, config.transactionMode(), c -> {
                    try (SessionWriter writer = new SessionWriter(c, fileId, config.usagePolicy(), counts)) {
                        ImportBatch batch;
                        do {
                            try {
                                batch = ImportBatch.read(reader, parser, WHOLE_FILE_CHUNK, end[0], end[1]);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                            write(writer, batch);
                            writer.flush();
                            fileTotals.absorb(file, batch);
                            end[0] = batch.endOffset;
                            end[1] = batch.endLineNo;
                        } while (batch.records() == WHOLE_FILE_CHUNK && !batch.partialLinePending);
                    }
                    ImportStates.advance(c, fileId, size, end[0], end[1], fingerprint(), fingerprintLen());
                    return null;
                });
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            totals.merge(fileTotals);
            totals.transactions++;
            totals.rows.add(counts);
            offset = end[0];
            lineNo = end[1];
            options.listener().committed(file.path(), offset, totals.bytesRead);
        }

        private void write(SessionWriter writer, ImportBatch batch) throws SQLException {
            for (ParsedLine line : batch.lines) {
                writer.add(line);
            }
            for (ImportBatch.BadLine bad : batch.badLines) {
                writer.addError(bad.lineNo(), bad.reason(), bad.excerpt());
            }
        }

        private void advance(Connection connection, ImportBatch batch) throws SQLException {
            ImportStates.advance(connection, fileId, size, batch.endOffset, batch.endLineNo, fingerprint(), fingerprintLen());
        }

        private int fingerprintLen() {
            return (int) Math.min(ImportStates.FINGERPRINT_BYTES, size);
        }

        private String fingerprint() throws SQLException {
            if (fingerprint == null) {
                try {
                    fingerprint = ImportStates.fingerprint(file.path(), fingerprintLen());
                } catch (IOException e) {
                    throw new SQLException("cannot fingerprint " + file.path() + ": " + e.getMessage(), e);
                }
            }
            return fingerprint;
        }

        private void committed(ImportBatch batch, RowCounts counts) {
            totals.absorb(file, batch);
            totals.transactions++;
            totals.rows.add(counts);
            offset = batch.endOffset;
            lineNo = batch.endLineNo;
            options.listener().committed(file.path(), offset, totals.bytesRead);
        }
    }

    /** Running totals of one import. */
    private static final class Totals {
        int filesSeen;
        int filesWithNewData;
        int filesUnchanged;
        int filesReset;
        int filesFailed;
        long linesRead;
        long records;
        long blankLines;
        long malformed;
        long partial;
        long bytesRead;
        long transactions;
        final Map<String, Long> unknownTypes = new TreeMap<>();
        final List<LineProblem> problems = new ArrayList<>();
        final RowCounts rows = new RowCounts();

        void absorb(TranscriptFile file, ImportBatch batch) {
            bytesRead += batch.endOffset - batch.startOffset;
            linesRead += batch.linesRead;
            records += batch.lines.size();
            blankLines += batch.blankLines;
            malformed += batch.badLines.size();
            partial += batch.partialLinePending ? 1 : 0;
            batch.unknownTypes.forEach((type, count) -> unknownTypes.merge(type, count, Long::sum));
            for (ImportBatch.BadLine bad : batch.badLines) {
                problem(new LineProblem(file.path(), bad.lineNo(), bad.reason()));
            }
            if (batch.partialLinePending) {
                problem(new LineProblem(file.path(), batch.endLineNo + 1,
                        "incomplete last line (no newline yet); left for the next import"));
            }
        }

        void merge(Totals other) {
            linesRead += other.linesRead;
            records += other.records;
            blankLines += other.blankLines;
            malformed += other.malformed;
            partial += other.partial;
            bytesRead += other.bytesRead;
            other.unknownTypes.forEach((type, count) -> unknownTypes.merge(type, count, Long::sum));
            other.problems.forEach(this::problem);
        }

        void problem(LineProblem problem) {
            if (problems.size() < ImportReport.MAX_LISTED_PROBLEMS) {
                problems.add(problem);
            }
        }

        ImportReport report(long elapsedNanos) {
            return new ImportReport(filesSeen, filesWithNewData, filesUnchanged, filesReset, filesFailed, linesRead,
                    records, blankLines, malformed, partial, Map.copyOf(unknownTypes), List.copyOf(problems),
                    rows.asMap(), bytesRead, transactions, elapsedNanos);
        }
    }
}
