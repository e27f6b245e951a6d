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
import java.util.LinkedHashMap;
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

    /** The most records a batched transaction writes per JDBC batch. */
    static final int STEP = 100;

    /**
     * The same under a hold budget: on a store of a million messages 25 records take about a
     * millisecond, fine enough to end a transaction close to a budget of a few.
     */
    static final int BUDGET_STEP = 25;

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
        ImportStrategy strategy = config.get(Settings.IMPORT_STRATEGY);
        boolean wholeFile = strategy == ImportStrategy.WHOLE_FILE;
        int maxRecords = strategy == ImportStrategy.PER_RECORD ? 1 : config.get(Settings.BATCH_SIZE);
        long holdBudgetNanos = strategy == ImportStrategy.BATCHED && config.get(Settings.BATCH_MAX_HOLD_MS) > 0
                ? config.get(Settings.BATCH_MAX_HOLD_MS) * 1_000_000L
                : Long.MAX_VALUE;
        int recordsPerBatch = wholeFile
                ? WHOLE_FILE_CHUNK
                : parsedBatchRecords(maxRecords, holdBudgetNanos == Long.MAX_VALUE ? STEP : BUDGET_STEP);
        List<ParseAhead.Job> jobs = runs.stream().map(FileRun::job).toList();
        try (WriterStatements.Cache statements = new WriterStatements.Cache(config.get(Settings.USAGE_POLICY));
                BackgroundCheckpoints checkpoints = BackgroundCheckpoints.start(config);
                LockYield yielding = LockYield.of(config);
                ParseAhead parsing = options.parseAhead()
                        ? ParseAhead.start(jobs, recordsPerBatch, options.maxLineBytes())
                        : ParseAhead.inline(jobs, recordsPerBatch, options.maxLineBytes())) {
            if (wholeFile) {
                for (FileRun run : runs) {
                    if (options.stop().getAsBoolean()) {
                        totals.stopped = true;
                        break;
                    }
                    run.writeWholeFile(parsing, statements, checkpoints, yielding);
                }
            } else {
                new BatchedWrites(
                                runs,
                                parsing,
                                statements,
                                checkpoints,
                                yielding,
                                totals,
                                options,
                                maxRecords,
                                holdBudgetNanos)
                        .run();
            }
            totals.yields = yielding.pauses();
            totals.yieldNanos = yielding.pausedNanos();
        }
        return totals.report(System.nanoTime() - started);
    }

    /**
     * The parser's batches for transactions of up to {@code maxRecords}: at most {@code step} records,
     * so that a transaction can end between two of them, and of equal size, so that whole batches fill
     * a transaction (1,000 is ten of 100; 150 is two of 75).
     */
    static int parsedBatchRecords(int maxRecords, int step) {
        int batches = (maxRecords + step - 1) / step;
        return (maxRecords + batches - 1) / batches;
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
        /** Where this import started reading the file. */
        private long startOffset;

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
            startOffset = offset;
            return size > offset;
        }

        /** Imports the file in one transaction; a read failure counts the file as failed and rolls it back. */
        void writeWholeFile(
                ParseAhead parsing,
                WriterStatements.Cache statements,
                BackgroundCheckpoints checkpoints,
                LockYield yielding) {
            try {
                yielding.held(wholeFileTransaction(parsing, statements, checkpoints));
            } catch (IOException e) {
                readFailed(e);
                return;
            } catch (SQLException e) {
                throw new ImportFailedException(file.path(), offset, e);
            }
            finish();
        }

        /** Returns how long the transaction held the write lock. */
        private long wholeFileTransaction(
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
                            writeLines(writer, batch);
                            writer.flush();
                            fileTotals.absorb(file, batch);
                            end[0] = batch.endOffset;
                            end[1] = batch.endLineNo;
                        }
                    }
                    advance(st, end[0], end[1]);
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            totals.merge(fileTotals);
            totals.committed(counts, hold, options.listener());
            moved(end[0], end[1]);
            return hold;
        }

        private ImportBatch next(ParseAhead parsing) {
            try {
                return parsing.next();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Moves the file's offset in {@code import_state}, inside the transaction that wrote its lines. */
        void advance(WriterStatements st, long endOffset, long endLineNo) throws SQLException {
            ImportStates.advance(st.advance, fileId, size, endOffset, endLineNo, fingerprint(), fingerprintLen());
        }

        /** After the commit that moved the file's offset. */
        void moved(long endOffset, long endLineNo) {
            offset = endOffset;
            lineNo = endLineNo;
            options.listener().committed(file.path(), offset, totals.bytesRead);
        }

        /** A read that stopped the file: what was committed of it stays, the rest waits for the next import. */
        void readFailed(IOException e) {
            if (e instanceof InterruptedIOException) {
                throw new ImportFailedException(file.path(), offset, e);
            }
            failed(e);
        }

        /** The file's lines are all written (or the import was asked to stop): counts it, and drops a session it emptied. */
        void finish() {
            if (offset > startOffset) {
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

    private static void writeLines(SessionWriter writer, ImportBatch batch) throws SQLException {
        for (ParsedLine line : batch.lines) {
            writer.add(line);
        }
        for (ImportBatch.BadLine bad : batch.badLines) {
            writer.addError(bad.lineNo(), bad.reason(), bad.excerpt());
        }
    }

    /**
     * The batched and per-record strategies. Each transaction starts with the next parsed batch and
     * goes on with the batches that are already parsed, of the same file or of the next ones, until it
     * has {@code maxRecords} records or has held the write lock for {@code holdBudgetNanos}; it never
     * waits for the parser while it holds the lock. Every file it wrote moves its offset in the same
     * transaction, so a transaction of several files is as safe to interrupt as one of one file.
     */
    private final class BatchedWrites {
        private final List<FileRun> runs;
        private final ParseAhead parsing;
        private final WriterStatements.Cache statements;
        private final BackgroundCheckpoints checkpoints;
        private final LockYield yielding;
        private final Totals totals;
        private final ImportOptions options;
        private final int maxRecords;
        private final long holdBudgetNanos;
        /** The file whose items the parser hands out next. */
        private int current;
        /**
         * What a record has cost in write-lock hold lately, commit included (a moving average over
         * transactions; 0 until the first): a transaction takes as many records as fit the budget by it.
         */
        private double holdNanosPerRecord;

        BatchedWrites(
                List<FileRun> runs,
                ParseAhead parsing,
                WriterStatements.Cache statements,
                BackgroundCheckpoints checkpoints,
                LockYield yielding,
                Totals totals,
                ImportOptions options,
                int maxRecords,
                long holdBudgetNanos) {
            this.runs = runs;
            this.parsing = parsing;
            this.statements = statements;
            this.checkpoints = checkpoints;
            this.yielding = yielding;
            this.totals = totals;
            this.options = options;
            this.maxRecords = maxRecords;
            this.holdBudgetNanos = holdBudgetNanos;
        }

        void run() {
            while (current < runs.size()) {
                FileRun run = runs.get(current);
                if (options.stop().getAsBoolean()) {
                    totals.stopped = true;
                    run.finish();
                    return;
                }
                ParseAhead.Item item;
                try {
                    item = parsing.take();
                } catch (InterruptedIOException e) {
                    throw new ImportFailedException(run.file.path(), run.offset, e);
                }
                if (item instanceof ParseAhead.Batch b && b.batch().advancesOffset(run.offset)) {
                    parsing.unread(item);
                    commitGroup();
                } else {
                    settle(run, item);
                }
            }
        }

        /** An item that writes nothing: a batch with no complete line, the file's end, or its read failure. */
        private void settle(FileRun run, ParseAhead.Item item) {
            if (item instanceof ParseAhead.Batch b) {
                totals.absorb(run.file, b.batch());
            } else if (item instanceof ParseAhead.Failed f) {
                current++;
                run.readFailed(f.cause());
            } else {
                current++;
                run.finish();
            }
        }

        /** One transaction: the next batch, then what is ready behind it, within the limits. */
        private void commitGroup() {
            Group group = new Group();
            FileRun first = runs.get(current);
            long hold;
            try {
                hold = transaction(checkpoints, c -> group.write(statements.on(c), recordsWithinBudget()));
                totals.committed(group.counts, hold, options.listener());
            } catch (SQLException e) {
                throw new ImportFailedException(first.file.path(), first.offset, e);
            }
            group.committed();
            if (group.records > 0) {
                double perRecord = (double) hold / group.records;
                holdNanosPerRecord = holdNanosPerRecord == 0 ? perRecord : 0.7 * holdNanosPerRecord + 0.3 * perRecord;
            }
            yielding.held(hold);
        }

        private int recordsWithinBudget() {
            if (holdBudgetNanos == Long.MAX_VALUE || holdNanosPerRecord == 0) {
                return maxRecords;
            }
            return (int) Math.max(1, Math.min(maxRecords, holdBudgetNanos / holdNanosPerRecord));
        }

        /** An item of the parser's and the file it belongs to. */
        private record Taken(FileRun run, ParseAhead.Item item) {}

        /** What one transaction takes from the parser, and what to count once it is committed. */
        private final class Group {
            final RowCounts counts = new RowCounts();
            /** The offset and line each file written in this transaction ends at. */
            final Map<FileRun, long[]> ends = new LinkedHashMap<>();

            /** Every batch taken, with its file, written or not (a batch with no complete line is only counted). */
            final List<Taken> batches = new ArrayList<>();
            /** Files whose items ended in this transaction: their end, or the failure that stopped them. */
            final List<Taken> endings = new ArrayList<>();

            int records;

            /** Writes up to {@code limit} records, and no further batch once the budget is spent. */
            void write(WriterStatements st, int limit) throws SQLException {
                long began = System.nanoTime();
                FileRun run = null;
                SessionWriter writer = null;
                long end = 0;
                long endLine = 0;
                try {
                    for (ParseAhead.Item item = parsing.poll(); item != null; item = parsing.poll()) {
                        FileRun owner = runs.get(current);
                        if (!(item instanceof ParseAhead.Batch b)) {
                            endings.add(new Taken(owner, item));
                            current++;
                            if (current == runs.size()) {
                                break;
                            }
                            continue;
                        }
                        ImportBatch batch = b.batch();
                        long from = owner == run ? end : owner.offset;
                        if (!batch.advancesOffset(from)) {
                            batches.add(new Taken(owner, item));
                            continue;
                        }
                        boolean fits = records == 0 || records + batch.records() <= limit;
                        if (!fits || (records > 0 && System.nanoTime() - began >= holdBudgetNanos)) {
                            parsing.unread(item);
                            break;
                        }
                        if (owner != run) {
                            if (writer != null) {
                                writer.close();
                                run.advance(st, end, endLine);
                            }
                            run = owner;
                            writer = new SessionWriter(st, run.fileId, config.get(Settings.USAGE_POLICY), counts);
                        }
                        writeLines(writer, batch);
                        // Sent now, so that the budget counts this batch's statements, not only its binding.
                        writer.flush();
                        batches.add(new Taken(owner, item));
                        records += batch.records();
                        end = batch.endOffset;
                        endLine = batch.endLineNo;
                        ends.put(run, new long[] {end, endLine});
                        if (records >= limit) {
                            break;
                        }
                    }
                    if (writer != null) {
                        run.advance(st, end, endLine);
                    }
                } finally {
                    if (writer != null) {
                        writer.close();
                    }
                }
            }

            void committed() {
                for (Taken taken : batches) {
                    totals.absorb(taken.run().file, ((ParseAhead.Batch) taken.item()).batch());
                }
                ends.forEach((run, end) -> run.moved(end[0], end[1]));
                for (Taken ending : endings) {
                    if (ending.item() instanceof ParseAhead.Failed f) {
                        ending.run().readFailed(f.cause());
                    } else {
                        ending.run().finish();
                    }
                }
            }
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
        long yields;
        long yieldNanos;
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

        void committed(RowCounts counts, long holdNanos, ImportListener listener) {
            transactions++;
            rows.add(counts);
            listener.transaction(holdNanos);
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
                    yields,
                    yieldNanos,
                    elapsedNanos,
                    stopped);
        }
    }
}
