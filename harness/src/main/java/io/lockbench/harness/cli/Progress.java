package io.lockbench.harness.cli;

import io.lockbench.store.sessions.ImportListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-line progress display for imports on a terminal; silent when output is not a terminal or
 * when running in CI, so logs stay clean.
 */
final class Progress implements ImportListener {

    private final PrintWriter out;
    private final boolean enabled;
    private long total;
    private long started;
    private long lastPrint;

    Progress(PrintWriter out) {
        this.out = out;
        this.enabled = Terminal.interactive();
    }

    @Override
    public void started(int files, long bytes) {
        total = Math.max(1, bytes);
        started = System.nanoTime();
    }

    @Override
    public void committed(Path file, long offset, long bytesSoFar) {
        long now = System.nanoTime();
        if (!enabled || now - lastPrint < 200_000_000L) {
            return;
        }
        lastPrint = now;
        double seconds = (now - started) / 1e9;
        out.printf(
                Locale.ROOT,
                "\r%5.1f%%  %8.1f MB  %6.1f MB/s",
                100.0 * bytesSoFar / total,
                bytesSoFar / 1e6,
                seconds > 0 ? bytesSoFar / 1e6 / seconds : 0);
        out.flush();
    }

    void finish() {
        if (enabled && lastPrint != 0) {
            out.print("\r" + " ".repeat(40) + "\r");
            out.flush();
        }
    }
}
