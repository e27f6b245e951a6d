package io.lockbench.harness.bench;

import io.lockbench.harness.run.ScratchDirectories;
import io.lockbench.store.SessionStore;
import io.lockbench.store.config.ImportStrategy;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.importer.ImportListener;
import io.lockbench.store.importer.ImportOptions;
import io.lockbench.store.importer.ImportReport;
import io.lockbench.store.importer.RawInsertBaseline;
import io.lockbench.store.importer.SessionImporter;
import io.lockbench.store.lock.LockTrace;
import io.lockbench.store.transcript.TranscriptFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Imports one corpus into fresh databases with every strategy, in one process and one run, and
 * compares each with the raw-insert ceiling measured in the same run (before and after the
 * strategies, keeping the faster, so a slow start of the machine does not flatter the ratios).
 */
public final class ImportBenchmark {

    /**
     * One measured configuration; {@code holds} is the write-lock hold of each of its transactions
     * (empty for the raw-insert ceiling, which is one transaction); {@code nanosBesideOtherWriter} the
     * same import's time beside another process's writer, and {@code otherWriterWaits} how long that
     * writer's one-row transactions waited for the lock (see {@link OtherWriter}).
     */
    public record Result(
            String name,
            long records,
            long bytes,
            long nanos,
            Histogram holds,
            long nanosBesideOtherWriter,
            Histogram otherWriterWaits) {
        public double recordsPerSecond() {
            return records / (nanos / 1e9);
        }

        public double megabytesPerSecond() {
            return bytes / 1e6 / (nanos / 1e9);
        }

        /** Records per second of the import beside {@link OtherWriter}; 0 when it was not measured. */
        public double recordsPerSecondBesideOtherWriter() {
            return nanosBesideOtherWriter == 0 ? 0 : records / (nanosBesideOtherWriter / 1e9);
        }
    }

    private final Path corpus;
    private final Path workDir;
    private final StoreConfig base;

    public ImportBenchmark(Path corpus, Path workDir, StoreConfig base) {
        this.corpus = corpus;
        this.workDir = workDir;
        this.base = base;
    }

    /**
     * Imports with per-record (if asked), batched with each of {@code batchSizes}, batched with
     * {@code budgetBatchSize} records and each of {@code holdBudgetsMs}, and whole-file.
     */
    public List<Result> run(
            List<Integer> batchSizes, int budgetBatchSize, List<Integer> holdBudgetsMs, boolean includePerRecord)
            throws IOException, SQLException {
        List<TranscriptFile> files = SessionImporter.discover(corpus);
        long bytes = warmUp(files);
        List<Result> results = new ArrayList<>();
        // One untimed import first, so that the first row is not the one that pays for compiling the importer.
        timedImport(freshDatabase("warm-up"), base, files, new Histogram(3));
        Result ceilingBefore = ceiling(files, bytes, "ceiling-before");
        if (includePerRecord) {
            results.add(importWith(
                    "per-record", base.with(Settings.IMPORT_STRATEGY, ImportStrategy.PER_RECORD.configName()), files));
        }
        for (int batchSize : batchSizes) {
            results.add(importWith(
                    "batched(" + batchSize + ")",
                    base.with(Settings.IMPORT_STRATEGY, ImportStrategy.BATCHED.configName())
                            .with(Settings.BATCH_SIZE, batchSize)
                            .with(Settings.BATCH_MAX_HOLD_MS, 0),
                    files));
        }
        for (int budget : holdBudgetsMs) {
            results.add(importWith(
                    "batched(" + budgetBatchSize + ", " + budget + " ms)",
                    base.with(Settings.IMPORT_STRATEGY, ImportStrategy.BATCHED.configName())
                            .with(Settings.BATCH_SIZE, budgetBatchSize)
                            .with(Settings.BATCH_MAX_HOLD_MS, budget),
                    files));
        }
        results.add(importWith(
                "whole-file", base.with(Settings.IMPORT_STRATEGY, ImportStrategy.WHOLE_FILE.configName()), files));
        Result ceilingAfter = ceiling(files, bytes, "ceiling-after");
        Result ceiling = ceilingBefore.nanos() <= ceilingAfter.nanos() ? ceilingBefore : ceilingAfter;
        results.add(new Result(
                "raw-insert ceiling",
                ceiling.records(),
                ceiling.bytes(),
                ceiling.nanos(),
                ceiling.holds(),
                0,
                ceiling.otherWriterWaits()));
        return results;
    }

    /**
     * Imports twice into fresh databases: alone (the speed and the holds), then beside {@link
     * OtherWriter}, another process writing every 10 ms (its waits, and the import's speed while the
     * importer stands aside for it: see {@code import_yield_ms}).
     */
    private Result importWith(String name, StoreConfig config, List<TranscriptFile> files)
            throws IOException, SQLException {
        Histogram holds = new Histogram(3);
        long alone = timedImport(freshDatabase(name), config, files, holds).elapsedNanos();
        Path besideDb = freshDatabase(name + "-beside");
        // The store's schema first: the other writer's table alone would make it a foreign database.
        SessionStore.open(config.with(Settings.PATH, besideDb.toString())).close();
        try (OtherWriter other = OtherWriter.start(besideDb)) {
            ImportReport beside = timedImport(besideDb, config, files, new Histogram(3));
            return new Result(
                    name,
                    beside.recordsImported(),
                    beside.bytesRead(),
                    alone,
                    holds,
                    beside.elapsedNanos(),
                    other.stop());
        }
    }

    /** One import into {@code db}, each transaction's hold into {@code holds}. */
    @SuppressWarnings("try") // the trace is found by the importer through LockTrace.current()
    private ImportReport timedImport(Path db, StoreConfig config, List<TranscriptFile> files, Histogram holds)
            throws IOException {
        ImportListener listener = new ImportListener() {
            @Override
            public void transaction(long holdNanos) {
                holds.recordValue(Math.max(0, holdNanos));
            }
        };
        // A trace on this thread makes the importer report holds as the lock probe measures them.
        try (SessionStore store = SessionStore.open(config.with(Settings.PATH, db.toString()));
                LockTrace trace = LockTrace.start("bench import " + db.getFileName(), 0)) {
            return store.importer().importFiles(files, ImportOptions.defaults().withListener(listener));
        }
    }

    private Result ceiling(List<TranscriptFile> files, long bytes, String name) throws IOException, SQLException {
        Path db = freshDatabase(name);
        try (SessionStore store = SessionStore.open(base.with(Settings.PATH, db.toString()))) {
            long started = System.nanoTime();
            long records = store.write(RawInsertBaseline.insertAll(files));
            return new Result(name, records, bytes, System.nanoTime() - started, new Histogram(3), 0, new Histogram(3));
        }
    }

    private Path freshDatabase(String name) throws IOException {
        Files.createDirectories(workDir);
        Path db = workDir.resolve(name.replaceAll("[^A-Za-z0-9-]", "_") + ".db");
        ScratchDirectories.deleteDatabase(db);
        return db;
    }

    /** Reads every file once so the first configuration does not pay for a cold page cache. */
    private static long warmUp(List<TranscriptFile> files) throws IOException {
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        for (TranscriptFile file : files) {
            try (InputStream in = Files.newInputStream(file.path())) {
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    total += n;
                }
            }
        }
        return total;
    }
}
