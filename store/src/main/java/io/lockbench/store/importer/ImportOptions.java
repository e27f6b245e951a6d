package io.lockbench.store.importer;

import io.lockbench.store.config.InvalidConfigException;
import io.lockbench.store.transcript.TranscriptDiscovery;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * How one import run reads its files. The transaction strategy, batch size and usage policy come
 * from the store configuration.
 *
 * @param incremental  resume every file from the offset of its last commit (false: read every file
 *                     from the start again; re-reading unchanged files changes nothing, but upserts
 *                     keep larger counts read earlier, so to take in files edited in place use
 *                     {@link SessionImporter#rebuildAll})
 * @param maxLineBytes lines longer than this are reported and skipped without being held in memory
 * @param followLinks  follow links that point outside the import root too ({@link TranscriptDiscovery})
 * @param stop         asked before each transaction: once it says true, the import ends after the
 *                     transaction it has committed, and its report says it was stopped (a server that
 *                     shuts down lets a running import finish what it holds, not the whole tree)
 * @param parseAhead   parse on a second thread while this one writes (the fastest import); false
 *                     keeps the import on one core, for an import that runs beside a server's requests
 */
public record ImportOptions(
        boolean incremental,
        int maxLineBytes,
        ImportListener listener,
        boolean followLinks,
        BooleanSupplier stop,
        boolean parseAhead) {

    /** The most a line may be by default, whatever the heap: a transcript line is rarely over a few MB. */
    public static final int MAX_DEFAULT_LINE_BYTES = 256 * 1024 * 1024;

    /**
     * The default limit for this JVM: a sixteenth of the heap, at most {@link #MAX_DEFAULT_LINE_BYTES}
     * and at least 1 MiB. A line is held as bytes, then parsed into a tree several times its size, while
     * the parse-ahead thread holds the next batch: a limit the heap cannot hold ends in an
     * OutOfMemoryError instead of a skipped line.
     */
    public static int defaultMaxLineBytes() {
        long sixteenth = Runtime.getRuntime().maxMemory() / 16;
        return (int) Math.max(1 << 20, Math.min(MAX_DEFAULT_LINE_BYTES, sixteenth));
    }

    public ImportOptions {
        if (maxLineBytes < 1024) {
            throw new InvalidConfigException("max_line_bytes", "must be at least 1024 but was " + maxLineBytes);
        }
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(stop, "stop");
    }

    public static ImportOptions defaults() {
        return new ImportOptions(true, defaultMaxLineBytes(), ImportListener.NONE, false, () -> false, true);
    }

    public ImportOptions withIncremental(boolean value) {
        return new ImportOptions(value, maxLineBytes, listener, followLinks, stop, parseAhead);
    }

    public ImportOptions withListener(ImportListener value) {
        return new ImportOptions(incremental, maxLineBytes, value, followLinks, stop, parseAhead);
    }

    public ImportOptions withMaxLineBytes(int value) {
        return new ImportOptions(incremental, value, listener, followLinks, stop, parseAhead);
    }

    public ImportOptions withFollowLinks(boolean value) {
        return new ImportOptions(incremental, maxLineBytes, listener, value, stop, parseAhead);
    }

    public ImportOptions withStop(BooleanSupplier value) {
        return new ImportOptions(incremental, maxLineBytes, listener, followLinks, value, parseAhead);
    }

    public ImportOptions withParseAhead(boolean value) {
        return new ImportOptions(incremental, maxLineBytes, listener, followLinks, stop, value);
    }
}
