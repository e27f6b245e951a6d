package io.lockbench.harness.watch;

import io.lockbench.store.lock.LockTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A watcher sampling every millisecond on a thread of its own, for tests that act while it watches. */
final class BackgroundWatch implements AutoCloseable {

    final LockWatcher watcher;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CompletableFuture<Void> running;

    BackgroundWatch(Path database, LockWatcher.Listener listener) {
        watcher = new LockWatcher(
                new DatabaseFiles(database), new LockTable(LockTable.PROC_LOCKS), Clock.systemUTC(), listener);
        running = CompletableFuture.runAsync(() -> {
            try {
                watcher.run(Duration.ofMillis(1), stop::get);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Stops sampling and waits for the watcher to finish (what it still saw open is closed now). */
    @Override
    public void close() throws Exception {
        stop.set(true);
        running.get(30, TimeUnit.SECONDS);
    }
}
