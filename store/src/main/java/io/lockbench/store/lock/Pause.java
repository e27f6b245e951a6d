package io.lockbench.store.lock;

import java.util.concurrent.locks.LockSupport;

/**
 * Sleeping that a stop can cut short: busy-handler waits and application work inside transactions
 * end at once when their thread is interrupted, so a run that is stopping never sleeps out a timeout.
 */
public final class Pause {

    private Pause() {}

    /** Sleeps {@code nanos} (through spurious wake-ups); returns false if the thread was interrupted first. */
    public static boolean sleep(long nanos) {
        long until = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = until - System.nanoTime()) {
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            LockSupport.parkNanos(left);
        }
        return true;
    }
}
