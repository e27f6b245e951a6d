package io.lockbench.harness.record;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The lines of a recorded command's output that say it met a locked database: counted per second of
 * the recording, the first few kept as written. Output is passed on byte for byte as it arrives, so the
 * command's own console looks as it would without lockbench; lines are matched after the fact.
 * Thread-safe: one instance serves both stdout and stderr.
 */
public final class BusyLines {

    /** What SQLite's drivers print for SQLITE_BUSY and SQLITE_LOCKED, in every language lockbench has met. */
    public static final String DEFAULT_PATTERN = "database is locked|SQLITE_BUSY|database table is locked";

    static final int KEPT = 20;
    /** A line longer than this is matched on its first part only; the rest is still passed on. */
    private static final int MAX_LINE = 64 * 1024;

    private final Pattern pattern;
    private final LongSupplier ticker;
    private final long startNanos;
    private final Map<Long, Long> perSecond = new TreeMap<>();
    private final List<String> first = new ArrayList<>();
    private long total;

    public BusyLines(Pattern pattern, long startNanos) {
        this(pattern, startNanos, System::nanoTime);
    }

    BusyLines(Pattern pattern, long startNanos, LongSupplier ticker) {
        this.pattern = pattern;
        this.startNanos = startNanos;
        this.ticker = ticker;
    }

    /** Copies {@code in} to {@code out} until the end of {@code in}, matching each line as it completes. */
    public void pump(InputStream in, OutputStream out) throws IOException {
        byte[] chunk = new byte[8192];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            out.write(chunk, 0, n);
            out.flush();
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    match(line);
                } else if (line.size() < MAX_LINE) {
                    line.write(chunk[i]);
                }
            }
        }
        if (line.size() > 0) {
            match(line);
        }
    }

    private void match(ByteArrayOutputStream bytes) {
        String text = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        if (pattern.matcher(text).find()) {
            seen(text);
        }
    }

    synchronized void seen(String line) {
        long second = TimeUnit.NANOSECONDS.toSeconds(ticker.getAsLong() - startNanos);
        perSecond.merge(second, 1L, Long::sum);
        total++;
        if (first.size() < KEPT) {
            first.add(line.strip());
        }
    }

    public synchronized long total() {
        return total;
    }

    /** Matching lines per second since the start (seconds without any are left out). */
    public synchronized Map<Long, Long> perSecond() {
        return new TreeMap<>(perSecond);
    }

    /** The first {@value #KEPT} matching lines. */
    public synchronized List<String> first() {
        return List.copyOf(first);
    }
}
