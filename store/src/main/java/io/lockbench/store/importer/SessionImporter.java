package io.lockbench.store.importer;

import io.lockbench.store.config.ImportStrategy;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.db.BackgroundCheckpoints;
import io.lockbench.store.db.ConnectionProvider;
import io.lockbench.store.db.Transactions;
import io.lockbench.store.lock.LockTrace;
import io.lockbench.store.transcript.InvalidInputException;
import io.lockbench.store.transcript.LineProblem;
import io.lockbench.store.transcript.TranscriptDiscovery;
import io.lockbench.store.transcript.TranscriptFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
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
 *
 * <p>An import first decides where each file starts (registering new files in one transaction), then
 * a {@link ParseAhead} thread reads and parses the files while this thread writes what it hands over,
 * on statements prepared once per connection ({@link WriterStatements}).
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
                    + (found.skipped().isEmpty()
                            ? ""
                            : "; skipped: " + found.skipped().get(0)
                                    + (found.skipped().size() > 1
                                            ? " and " + (found.skipped().size() - 1) + " more"
                                            : "")));
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
            Transactions.write(connection, config, c -> {
                ImportStates.forgetAll(c);
                return null;
            });
        } catch (SQLException e) {
            throw new ImportFailedException(root, 0, e);
        }
        return importFiles(found.files(), options.withIncremental(true), found.skipped());
    }

    /**
     * Forgets what was imported from {@code files} (their rows go in one transaction, with the
     * limits of a file reset: see {@code ImportStates.reset}) and imports them again from their first
     * line. Readers see those sessions empty and then filling up again, commit by commit: the shape of
     * a live store whose transcripts keep changing, which is what the harness needs to show what a
     * read that mixes two database states returns.
     */
    public ImportReport reimportFiles(List<TranscriptFile> files, ImportOptions options) {
        Path current = files.isEmpty() ? Path.of("") : files.get(0).path();
        try (Connection connection = connections.openWriter()) {
            List<ImportStates.State> known = new ArrayList<>();
            List<TranscriptFile> knownFiles = new ArrayList<>();
            for (TranscriptFile file : files) {
                current = file.path();
                ImportStates.State state = ImportStates.load(connection, file.path());
                if (state != null) {
                    known.add(state);
                    knownFiles.add(file);
                }
            }
            Transactions.write(connection, config, c -> {
                for (int i = 0; i < known.size(); i++) {
                    TranscriptFile file = knownFiles.get(i);
                    ImportStates.reset(
                            c,
                            known.get(i).fileId(),
                            file.kind() == TranscriptFile.Kind.SESSION ? file.sessionId() : null);
                }
                return null;
            });
        } catch (SQLException e) {
            throw new ImportFailedException(current, 0, e);
        }
        return importFiles(files, options.withIncremental(true));
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
        List<FileRun> runs = plan(files, options, totals);
        boolean wholeFile = config.get(Settings.IMPORT_STRATEGY) == ImportStrategy.WHOLE_FILE;
        int recordsPerBatch = wholeFile
                ? WHOLE_FILE_CHUNK
                : config.get(Settings.IMPORT_STRATEGY) == ImportStrategy.PER_RECORD
                        ? 1
                        : config.get(Settings.BATCH_SIZE);
        List<ParseAhead.Job> jobs = runs.stream().map(FileRun::job).toList();
        try (WriterStatements.Cache statements = new WriterStatements.Cache(config.get(Settings.USAGE_POLICY));
                BackgroundCheckpoints checkpoints = BackgroundCheckpoints.start(config);
                ParseAhead parsing = options.parseAhead()
                        ? ParseAhead.start(jobs, recordsPerBatch, options.maxLineBytes())
                        : ParseAhead.inline(jobs, recordsPerBatch, options.maxLineBytes())) {
            for (FileRun run : runs) {
                if (options.stop().getAsBoolean()) {
                    totals.stopped = true;
                    break;
                }
                run.write(parsing, statements, checkpoints, wholeFile);
                if (totals.stopped) {
                    break;
                }
            }
        }
        return totals.report(System.nanoTime() - started);
    }

    /**
     * Decides where each file starts: registers new files (in one transaction), and forgets what was
     * imported from files that were truncated or replaced since. A file that cannot be read is counted
     * as failed and left out.
     */
    private List<FileRun> plan(List<TranscriptFile> files, ImportOptions options, Totals totals) {
        List<FileRun> runs = new ArrayList<>();
        Map<TranscriptFile, ImportStates.State> states = new HashMap<>();
        List<TranscriptFile> unregistered = new ArrayList<>();
        Path current = files.isEmpty() ? Path.of("") : files.get(0).path();
        try (Connection connection = connections.openWriter()) {
            for (TranscriptFile file : files) {
                current = file.path();
                ImportStates.State state = ImportStates.load(connection, file.path());
                if (state == null) {
                    unregistered.add(file);
                } else {
                    states.put(file, state);
                }
            }
            if (!unregistered.isEmpty()) {
                Transactions.write(connection, config, c -> {
                    for (TranscriptFile file : unregistered) {
                        states.put(file, ImportStates.register(c, file.path()));
                    }
                    return null;
                });
            }
        } catch (SQLException e) {
            throw new ImportFailedException(current, 0, e);
        }
        for (TranscriptFile file : files) {
            totals.filesSeen++;
            FileRun run = new FileRun(file, options, totals, states.get(file));
            try {
                if (run.prepare()) {
                    runs.add(run);
                } else {
                    totals.filesUnchanged++;
                }
            } catch (IOException e) {
                run.failed(e);
            } catch (SQLException e) {
                throw new ImportFailedException(file.path(), run.offset, e);
            }
        }
        return runs;
    }

    private static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "file disappeared during the import";
        }
        return e.getMessage() == null ? name : name + ": " + e.getMessage();
    }

    /** Import of one file: where it starts, then its batches as the parser hands them over, each committed with its offset. */
    private final class FileRun {
        private final TranscriptFile file;
        private final ImportOptions options;
        private final Totals totals;
        private final long fileId;
        private final ImportStates.State state;
        private long offset;
        private long lineNo;
        private long size;
        private String fingerprint;
        /** The session of a file read again from the start: dropped after the read if nothing gave it a row. */
        private String resetSession;

        FileRun(TranscriptFile file, ImportOptions options, Totals totals, ImportStates.State state) {
            this.file = file;
            this.options = options;
            this.totals = totals;
            this.state = state;
            this.fileId = state.fileId();
        }

        ParseAhead.Job job() {
            return new ParseAhead.Job(file, fileId, size, offset, lineNo);
        }

        void failed(IOException e) {
            totals.filesFailed++;
            totals.problem(new LineProblem(file.path(), 0, "cannot read: " + describe(e)));
            LOG.warn("skipped {}: {}", file.path(), describe(e));
        }

        /** Decides where to start; returns false when there is nothing to read. */
        boolean prepare() throws SQLException, IOException {
            size = Files.size(file.path());
            if (!options.incremental() || state.offset() == 0) {
                offset = 0;
                lineNo = 0;
                return size > 0;
            }
            boolean sameStart = state.fingerprintLen() <= size
                    && ImportStates.fingerprint(file.path(), state.fingerprintLen())
                            .equals(state.fingerprint());
            if (!sameStart || size < state.offset()) {
                LOG.info(
                        "{} was {} since the last import; importing it again from the start",
                        file.path(),
                        sameStart ? "truncated" : "replaced");
                String ownSession = file.kind() == TranscriptFile.Kind.SESSION ? file.sessionId() : null;
                try (Connection connection = connections.openWriter()) {
                    Transactions.write(connection, config, c -> {
                        ImportStates.reset(c, fileId, ownSession);
                        if (ownSession != null && size == 0) {
                            ImportStates.dropSessionIfEmpty(c, ownSession);
                        }
                        return null;
                    });
                }
                totals.filesReset++;
                offset = 0;
                lineNo = 0;
                resetSession = size > 0 ? ownSession : null;
                return size > 0;
            }
            offset = state.offset();
            lineNo = state.lineCount();
            return size > offset;
        }

        /** Writes what the parser read from this file; a read failure counts the file as failed. */
        void write(
                ParseAhead parsing,
                WriterStatements.Cache statements,
                BackgroundCheckpoints checkpoints,
                boolean wholeFile) {
            long before = offset;
            try {
                if (wholeFile) {
                    writeWholeFile(parsing, statements, checkpoints);
                } else {
                    writeBatches(parsing, statements, checkpoints);
                }
            } catch (IOException e) {
                if (e instanceof InterruptedIOException) {
                    throw new ImportFailedException(file.path(), offset, e);
                }
                failed(e);
                return;
            } catch (SQLException e) {
                throw new ImportFailedException(file.path(), offset, e);
            }
            if (offset > before) {
                totals.filesWithNewData++;
            } else if (!totals.stopped) {
                totals.filesUnchanged++;
            }
            if (resetSession != null) {
                try (Connection connection = connections.openWriter()) {
                    Transactions.write(connection, config, c -> {
                        ImportStates.dropSessionIfEmpty(c, resetSession);
                        return null;
                    });
                } catch (SQLException e) {
                    throw new ImportFailedException(file.path(), offset, e);
                }
            }
        }

        private void writeBatches(
                ParseAhead parsing, WriterStatements.Cache statements, BackgroundCheckpoints checkpoints)
                throws IOException, SQLException {
            for (ImportBatch next = parsing.next(); next != null; next = parsing.next()) {
                ImportBatch batch = next;
                if (options.stop().getAsBoolean()) {
                    totals.stopped = true;
                    return;
                }
                if (!batch.advancesOffset(offset)) {
                    totals.absorb(file, batch);
                    continue;
                }
                RowCounts counts = new RowCounts();
                long hold = transaction(checkpoints, c -> {
                    WriterStatements st = statements.on(c);
                    try (SessionWriter writer =
                            new SessionWriter(st, fileId, config.get(Settings.USAGE_POLICY), counts)) {
                        write(writer, batch);
                        writer.flush();
                    }
                    ImportStates.advance(
                            st.advance,
                            fileId,
                            size,
                            batch.endOffset,
                            batch.endLineNo,
                            fingerprint(),
                            fingerprintLen());
                });
                totals.absorb(file, batch);
                committed(batch.endOffset, batch.endLineNo, counts, hold);
            }
        }

        private void writeWholeFile(
                ParseAhead parsing, WriterStatements.Cache statements, BackgroundCheckpoints checkpoints)
                throws IOException, SQLException {
            RowCounts counts = new RowCounts();
            // Counted apart and merged only after the commit: a rolled-back file must not show in the report.
            Totals fileTotals = new Totals();
            long[] end = {offset, lineNo};
            long hold;
            try {
                hold = transaction(checkpoints, c -> {
                    WriterStatements st = statements.on(c);
                    try (SessionWriter writer =
                            new SessionWriter(st, fileId, config.get(Settings.USAGE_POLICY), counts)) {
                        for (ImportBatch batch = next(parsing); batch != null; batch = next(parsing)) {
                            write(writer, batch);
                            writer.flush();
                            fileTotals.absorb(file, batch);
                            end[0] = batch.endOffset;
                            end[1] = batch.endLineNo;
                        }
                    }
                    ImportStates.advance(st.advance, fileId, size, end[0], end[1], fingerprint(), fingerprintLen());
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            totals.merge(fileTotals);
            committed(end[0], end[1], counts, hold);
        }

        private ImportBatch next(ParseAhead parsing) {
            try {
                return parsing.next();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Runs one write transaction; returns how long it held the write lock (see {@link
         * ImportListener#transaction}). While {@code checkpoints} run, the connection's checkpoint
         * threshold is raised until the commit is done, then given back for whoever uses it next, and
         * the log is let restart once the connection is back (see {@link BackgroundCheckpoints}).
         */
        private long transaction(BackgroundCheckpoints checkpoints, TransactionBody work) throws SQLException {
            LockTrace trace = LockTrace.current();
            long heldBefore = trace == null ? 0 : trace.holdNanos();
            long started = System.nanoTime();
            try (Connection connection = connections.openWriter()) {
                boolean raised = checkpoints.running();
                if (raised) {
                    autocheckpoint(connection, checkpoints.writerThreshold());
                }
                try {
                    Transactions.write(connection, config, c -> {
                        work.run(c);
                        return null;
                    });
                } finally {
                    if (raised) {
                        autocheckpoint(connection, checkpoints.configuredThreshold());
                    }
                }
            }
            long hold = trace == null ? System.nanoTime() - started : trace.holdNanos() - heldBefore;
            checkpoints.afterCommit();
            return hold;
        }

        private void write(SessionWriter writer, ImportBatch batch) throws SQLException {
            for (ParsedLine line : batch.lines) {
                writer.add(line);
            }
            for (ImportBatch.BadLine bad : batch.badLines) {
                writer.addError(bad.lineNo(), bad.reason(), bad.excerpt());
            }
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

        private void committed(long endOffset, long endLineNo, RowCounts counts, long holdNanos) {
            totals.transactions++;
            totals.rows.add(counts);
            offset = endOffset;
            lineNo = endLineNo;
            options.listener().transaction(holdNanos);
            options.listener().committed(file.path(), offset, totals.bytesRead);
        }
    }

    private static void autocheckpoint(Connection connection, int pages) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint = " + pages);
        }
    }

    @FunctionalInterface
    private interface TransactionBody {
        void run(Connection connection) throws SQLException;
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
        boolean stopped;
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
                problem(new LineProblem(
                        file.path(),
                        batch.endLineNo + 1,
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
            return new ImportReport(
                    filesSeen,
                    filesWithNewData,
                    filesUnchanged,
                    filesReset,
                    filesFailed,
                    linesRead,
                    records,
                    blankLines,
                    malformed,
                    partial,
                    Map.copyOf(unknownTypes),
                    List.copyOf(problems),
                    rows.asMap(),
                    bytesRead,
                    transactions,
                    elapsedNanos,
                    stopped);
        }
    }
}
