package io.lockbench.harness.cli;

import io.lockbench.store.importer.ImportListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * A one-line progress display for imports on a terminal; silent when output is not a terminal or
 * when running in CI, so logs stay clean.
 */
final class Progress implements ImportListener {

    static final long REDRAW_NANOS = 200_000_000L;
    private static final int BAR = 30;

    private final PrintWriter out;
    private final boolean enabled;
    private final LongSupplier clock;
    private long total;
    private long started;
    private long lastPrint;
    private boolean printed;
    /** Each transaction's write-lock hold, for the summary. */
    private final Histogram holds = new Histogram(3);

    Progress(PrintWriter out) {
        this(out, Terminal.interactive(), System::nanoTime);
    }

    /** With an explicit terminal decision and clock (tests drive the clock instead of sleeping). */
    Progress(PrintWriter out, boolean enabled, LongSupplier clock) {
        this.out = out;
        this.enabled = enabled;
        this.clock = clock;
    }

    @Override
    public void started(int files, long bytes) {
        total = Math.max(1, bytes);
        started = clock.getAsLong();
    }

    @Override
    public void transaction(long holdNanos) {
        holds.recordValue(Math.max(0, holdNanos));
    }

    /** The write-lock hold of each transaction so far. */
    Histogram holds() {
        return holds;
    }

    @Override
    public void committed(Path file, long offset, long bytesSoFar) {
        long now = clock.getAsLong();
        if (!enabled || (printed && now - lastPrint < REDRAW_NANOS)) {
            return;
        }
        printed = true;
        lastPrint = now;
        out.print("\r" + line(bytesSoFar, now - started));
        out.flush();
    }

    /** {@code [#########---------]  45.3%   51.2 MB   18.0 MB/s  eta 3 s} */
    String line(long bytesSoFar, long elapsedNanos) {
        double fraction = Math.min(1.0, (double) bytesSoFar / total);
        int filled = (int) Math.round(fraction * BAR);
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? bytesSoFar / 1e6 / seconds : 0;
        String eta = rate > 0 ? String.format(Locale.ROOT, "eta %.0f s", (total - bytesSoFar) / 1e6 / rate) : "";
        return String.format(
                Locale.ROOT,
                "[%s%s] %5.1f%%  %8.1f MB  %6.1f MB/s  %s",
                "#".repeat(filled),
                "-".repeat(BAR - filled),
                100 * fraction,
                bytesSoFar / 1e6,
                rate,
                eta);
    }

    void finish() {
        if (enabled && printed) {
            out.print("\r" + " ".repeat(90) + "\r");
            out.flush();
        }
    }
}
