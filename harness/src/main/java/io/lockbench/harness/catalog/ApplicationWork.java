package io.lockbench.harness.catalog;

import io.lockbench.store.lock.Pause;
import java.time.Duration;

/**
 * The application work a catalog transaction does while it holds the write lock (the per-item
 * processing that made the real import hold it for seconds). Sleeps rather than spins, so two cores
 * can replay many concurrent holders faithfully. One small class of its own: the gate's end-to-end
 * test replaces it in a commit to make every transaction hold the lock longer.
 */
final class ApplicationWork {

    private ApplicationWork() {}

    static void perform(Duration work) {
        Pause.sleep(work.toNanos());
    }
}
