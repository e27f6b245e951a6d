package io.lockbench.store.importer;

import io.lockbench.store.transcript.TranscriptFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads and parses the files of an import, by default on a thread of its own while the importer
 * writes, through a bounded queue: parsing is most of an import's CPU time and SQLite takes a single
 * writer, so the two overlap on two cores and the write lock is never held while a line is parsed
 * (except inside a whole-file transaction, which by definition spans the file). {@link #inline} parses
 * on the importer's thread instead, for an import that must leave the other cores to someone else (a
 * server answering requests while it imports in the background).
 *
 * <p>Files are parsed in the order given and each file's batches arrive in order, followed by one
 * end-of-file mark, or by the read failure that stopped the file; the importer consumes them in the
 * same order, so the result does not depend on this thread's timing.
 */
final class ParseAhead implements AutoCloseable {

    /**
     * Rows parsed ahead are bounded by about this many records, whatever the batch size. The single
     * writer is the slower side, so the queue is full nearly all the time and a deeper one only holds
     * more rows in memory: rows that wait long enough to survive young collections are copied and
     * promoted, and at 8,000 records an import of 131 MB spent 0.75 s of its 5.5 s in collector pauses
     * (0.2 s at this bound).
     */
    static final int RECORDS_AHEAD = 1_000;

    /** One file to read: from {@code offset} (line {@code lineNo}) up to {@code size}. */
    record Job(TranscriptFile file, long fileId, long size, long offset, long lineNo) {}

    /** What the parser hands over: a batch of a file, that file's end, or the failure that ended it. */
    sealed interface Item permits Batch, End, Failed {}

    record Batch(ImportBatch batch) implements Item {}

    record End() implements Item {}

    record Failed(IOException cause) implements Item {}

    private static final End END = new End();

    private final Iterator<Job> jobs;
    private final int recordsPerBatch;
    private final int maxLineBytes;
    /** Null when parsing inline. */
    private final BlockingQueue<Item> queue;

    private final Thread thread;
    private volatile boolean stopped;
    /** The file being read when parsing inline. */
    private FileCursor cursor;
    /** An item handed back with {@link #unread}: the next one to hand out. */
    private Item unread;

    private ParseAhead(List<Job> jobs, int recordsPerBatch, int maxLineBytes, boolean ahead) {
        this.jobs = jobs.iterator();
        this.recordsPerBatch = recordsPerBatch;
        this.maxLineBytes = maxLineBytes;
        this.queue =
                ahead ? new ArrayBlockingQueue<>(Math.max(2, Math.min(64, RECORDS_AHEAD / recordsPerBatch))) : null;
        this.thread = ahead ? new Thread(this::parseAll, "lockbench-import-parser") : null;
        if (thread != null) {
            thread.setDaemon(true);
        }
    }

    static ParseAhead start(List<Job> jobs, int recordsPerBatch, int maxLineBytes) {
        ParseAhead parsing = new ParseAhead(jobs, recordsPerBatch, maxLineBytes, true);
        parsing.thread.start();
        return parsing;
    }

    /** The same batches in the same order, parsed on the caller's thread when it asks for them. */
    static ParseAhead inline(List<Job> jobs, int recordsPerBatch, int maxLineBytes) {
        return new ParseAhead(jobs, recordsPerBatch, maxLineBytes, false);
    }

    /**
     * The next batch of the current file, or null at its end (the following call starts the next
     * file); throws the error that stopped reading the file.
     */
    ImportBatch next() throws IOException {
        Item item = take();
        if (item instanceof Batch b) {
            return b.batch();
        }
        if (item instanceof Failed f) {
            throw f.cause();
        }
        return null;
    }

    /** The next item, waiting for the parser if it is not ready. */
    Item take() throws InterruptedIOException {
        if (unread != null) {
            return handBack();
        }
        if (queue == null) {
            return nextInline();
        }
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("import interrupted");
        }
    }

    /**
     * The next item if the parser has it ready, else null: for a writer that holds the write lock and
     * must not wait for parsing. Parsing inline, nothing is ever ready ahead.
     */
    Item poll() {
        if (unread != null) {
            return handBack();
        }
        return queue == null ? null : queue.poll();
    }

    private Item handBack() {
        Item item = unread;
        unread = null;
        return item;
    }

    /** Hands {@code item} (the last one taken) out again next time. */
    void unread(Item item) {
        if (unread != null) {
            throw new IllegalStateException("one item at a time");
        }
        unread = item;
    }

    private Item nextInline() {
        if (cursor == null) {
            if (!jobs.hasNext()) {
                return END;
            }
            cursor = new FileCursor(jobs.next());
        }
        Item item = cursor.next();
        if (!(item instanceof Batch)) {
            cursor.close();
            cursor = null;
        }
        return item;
    }

    private void parseAll() {
        while (jobs.hasNext() && !stopped) {
            try (FileCursor file = new FileCursor(jobs.next())) {
                while (true) {
                    Item item = file.next();
                    if (!put(item)) {
                        return;
                    }
                    if (!(item instanceof Batch)) {
                        break;
                    }
                }
            }
        }
    }

    /** Where one file's reading stands: hands out its batches, then its end mark or its failure. */
    private final class FileCursor implements AutoCloseable {
        private final Job job;
        private JsonlLineReader reader;
        private TranscriptParser parser;
        private long offset;
        private long lineNo;
        private boolean lastBatchGiven;

        FileCursor(Job job) {
            this.job = job;
            this.offset = job.offset();
            this.lineNo = job.lineNo();
        }

        Item next() {
            if (lastBatchGiven) {
                return END;
            }
            try {
                if (reader == null) {
                    reader = new JsonlLineReader(job.file().path(), job.offset(), job.size(), maxLineBytes);
                    parser = new TranscriptParser(job.file());
                }
                ImportBatch batch = ImportBatch.read(reader, parser, recordsPerBatch, offset, lineNo);
                if (!batch.advancesOffset(offset) || batch.partialLinePending) {
                    lastBatchGiven = true;
                } else {
                    offset = batch.endOffset;
                    lineNo = batch.endLineNo;
                }
                return new Batch(batch);
            } catch (IOException e) {
                return new Failed(e);
            } catch (RuntimeException | Error e) {
                return new Failed(new IOException("parsing stopped: " + e, e));
            }
        }

        @Override
        public void close() {
            if (reader != null) {
                try {
                    reader.close();
                } catch (IOException e) {
                    // a read-only file: nothing was lost by failing to close it
                }
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
        if (cursor != null) {
            cursor.close();
            cursor = null;
        }
        if (thread == null) {
            return;
        }
        queue.clear();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
