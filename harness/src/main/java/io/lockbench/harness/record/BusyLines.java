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
    /** A line longer than this is matched on its first and last halves of it; all of it is passed on. */
    private static final int MAX_LINE = 64 * 1024;

    /** The longest a pattern may take on one line before the line counts as not matched. */
    private static final long MATCH_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** Lines the pattern could not match before it is given up: past this, lines are passed on unmatched. */
    static final int GIVE_UP_AFTER = 20;

    private final Pattern pattern;
    private final LongSupplier ticker;
    private final long startNanos;
    private final Map<Long, Long> perSecond = new TreeMap<>();
    private final List<String> first = new ArrayList<>();
    private long total;
    private long unmatched;
    private String unmatchedWhy;
    private String preloadFailure;

    public BusyLines(Pattern pattern, long startNanos) {
        this(pattern, startNanos, System::nanoTime);
    }

    BusyLines(Pattern pattern, long startNanos, LongSupplier ticker) {
        this.pattern = pattern;
        this.startNanos = startNanos;
        this.ticker = ticker;
    }

    /**
     * Copies {@code in} to {@code out} until the end of {@code in}, matching each line as it completes.
     * The copy never depends on the match: a pattern that overflows the stack or takes longer than
     * {@value #MATCH_BUDGET_NANOS} ns on a line leaves that line unmatched (counted, and said in
     * {@link #problem()}), and after {@value #GIVE_UP_AFTER} such lines the pattern is given up.
     */
    public void pump(InputStream in, OutputStream out) throws IOException {
        byte[] chunk = new byte[8192];
        LongLine line = new LongLine();
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            out.write(chunk, 0, n);
            out.flush();
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    match(line.take());
                } else {
                    line.add(chunk[i]);
                }
            }
        }
        if (!line.isEmpty()) {
            match(line.take());
        }
    }

    /** A line's first and last {@code MAX_LINE / 2} bytes: a message at the end of a very long line is kept. */
    private static final class LongLine {
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private final byte[] tail = new byte[MAX_LINE / 2];
        private long tailBytes;

        void add(byte b) {
            if (head.size() < MAX_LINE / 2) {
                head.write(b);
            } else {
                tail[(int) (tailBytes++ % tail.length)] = b;
            }
        }

        boolean isEmpty() {
            return head.size() == 0;
        }

        String take() {
            ByteArrayOutputStream all = new ByteArrayOutputStream(head.size() + tail.length);
            all.writeBytes(head.toByteArray());
            if (tailBytes > tail.length) {
                all.write('\n'); // what lies between was not kept: no match may span it
            }
            int kept = (int) Math.min(tailBytes, tail.length);
            for (long i = tailBytes - kept; i < tailBytes; i++) {
                all.write(tail[(int) (i % tail.length)]);
            }
            head.reset();
            tailBytes = 0;
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    private void match(String text) {
        if (text.contains("cannot be preloaded")) {
            preloaded(text.strip());
        }
        if (givenUp()) {
            return;
        }
        try {
            if (pattern.matcher(new Budgeted(text, System.nanoTime() + MATCH_BUDGET_NANOS))
                    .find()) {
                seen(text);
            }
        } catch (StackOverflowError e) {
            unmatched("the pattern overflowed the stack on a line of " + text.length() + " characters");
        } catch (Budgeted.Spent e) {
            unmatched("the pattern took longer than " + TimeUnit.NANOSECONDS.toMillis(MATCH_BUDGET_NANOS)
                    + " ms on a line of " + text.length() + " characters");
        }
    }

    private synchronized void preloaded(String line) {
        if (preloadFailure == null) {
            preloadFailure = line.length() > 300 ? line.substring(0, 300) + "…" : line;
        }
    }

    /**
     * The dynamic loader's first complaint that the lock-event library could not be preloaded in a
     * process of the command (a process running as another user that cannot read it, a 32-bit program),
     * or null.
     */
    public synchronized String preloadFailure() {
        return preloadFailure;
    }

    private synchronized boolean givenUp() {
        return unmatched >= GIVE_UP_AFTER;
    }

    private synchronized void unmatched(String why) {
        unmatched++;
        if (unmatchedWhy == null) {
            unmatchedWhy = why;
        }
    }

    /**
     * Why some output lines went unmatched (the pattern failed on them), or null when every line was
     * matched: the count of BUSY lines is then a lower bound.
     */
    public synchronized String problem() {
        if (unmatched == 0) {
            return null;
        }
        return unmatched + " output line" + (unmatched == 1 ? "" : "s") + " could not be matched by --busy-pattern ("
                + unmatchedWhy + ")" + (unmatched >= GIVE_UP_AFTER ? "; the pattern was given up after that" : "")
                + ": the count of BUSY lines is a lower bound; simplify the pattern";
    }

    /** Text whose reading ends with {@link Spent} once a deadline has passed: a bound on any regex's work. */
    private record Budgeted(String text, long deadline) implements CharSequence {
        static final class Spent extends RuntimeException {
            Spent() {
                super(null, null, false, false);
            }
        }

        @Override
        public char charAt(int index) {
            if (System.nanoTime() > deadline) {
                throw new Spent();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budgeted(text.substring(start, end), deadline);
        }

        @Override
        public String toString() {
            return text;
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
