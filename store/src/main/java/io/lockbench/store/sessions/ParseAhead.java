package io.lockbench.store.sessions;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads and parses the files of an import on a thread of its own while the importer writes, through a
 * bounded queue: parsing is most of an import's CPU time and SQLite takes a single writer, so the two
 * overlap on two cores and the write lock is never held while a line is parsed (except inside a
 * whole-file transaction, which by definition spans the file).
 *
 * <p>Files are parsed in the order given and each file's batches arrive in order, followed by one
 * end-of-file mark, or by the read failure that stopped the file; the importer consumes them in the
 * same order, so the result does not depend on this thread's timing.
 */
final class ParseAhead implements AutoCloseable {

    /** Rows parsed ahead are bounded by about this many records, whatever the batch size. */
    static final int RECORDS_AHEAD = 8_000;

    /** One file to read: from {@code offset} (line {@code lineNo}) up to {@code size}. */
    record Job(TranscriptFile file, long fileId, long size, long offset, long lineNo) {}

    private sealed interface Item permits Batch, End, Failed {}

    private record Batch(ImportBatch batch) implements Item {}

    private record End() implements Item {}

    private record Failed(IOException cause) implements Item {}

    private static final End END = new End();

    private final BlockingQueue<Item> queue;
    private final Thread thread;
    private volatile boolean stopped;

    private ParseAhead(List<Job> jobs, int recordsPerBatch, int maxLineBytes) {
        this.queue = new ArrayBlockingQueue<>(Math.max(2, Math.min(64, RECORDS_AHEAD / recordsPerBatch)));
        this.thread = new Thread(() -> parseAll(jobs, recordsPerBatch, maxLineBytes), "lockbench-import-parser");
        thread.setDaemon(true);
    }

    static ParseAhead start(List<Job> jobs, int recordsPerBatch, int maxLineBytes) {
        ParseAhead parsing = new ParseAhead(jobs, recordsPerBatch, maxLineBytes);
        parsing.thread.start();
        return parsing;
    }

    /**
     * The next batch of the current file, or null at its end (the following call starts the next
     * file); throws the error that stopped reading the file.
     */
    ImportBatch next() throws IOException {
        Item item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("import interrupted");
        }
        if (item instanceof Batch b) {
            return b.batch();
        }
        if (item instanceof Failed f) {
            throw f.cause();
        }
        return null;
    }

    private void parseAll(List<Job> jobs, int recordsPerBatch, int maxLineBytes) {
        for (Job job : jobs) {
            if (stopped) {
                return;
            }
            Item last;
            try (JsonlLineReader reader =
                    new JsonlLineReader(job.file().path(), job.offset(), job.size(), maxLineBytes)) {
                TranscriptParser parser = new TranscriptParser(job.file());
                long offset = job.offset();
                long lineNo = job.lineNo();
                while (true) {
                    ImportBatch batch = ImportBatch.read(reader, parser, recordsPerBatch, offset, lineNo);
                    if (!put(new Batch(batch))) {
                        return;
                    }
                    if (!batch.advancesOffset(offset) || batch.partialLinePending) {
                        break;
                    }
                    offset = batch.endOffset;
                    lineNo = batch.endLineNo;
                }
                last = END;
            } catch (IOException e) {
                last = new Failed(e);
            } catch (RuntimeException | Error e) {
                last = new Failed(new IOException("parsing stopped: " + e, e));
            }
            if (!put(last)) {
                return;
            }
        }
    }

    private boolean put(Item item) {
        try {
            while (!stopped) {
                if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Stops the parsing thread (the importer is done or gave up) and waits for it. */
    @Override
    public void close() {
        stopped = true;
        queue.clear();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
