package io.lockbench.store.lock;

/**
 * How long a busy handler sleeps before its next retry, and when it gives up. Like SQLite's own
 * handler, the schedule works on nominal sleep times, not on the wall clock, so a wait ends after the
 * same number of retries however the threads were scheduled.
 */
public abstract class BusySchedule {

    private static final int[] DELAYS_MS = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
    private static final int[] TOTALS_MS = {0, 1, 3, 8, 18, 33, 53, 78, 103, 128, 178, 228};

    private final int timeoutMs;

    private BusySchedule(int timeoutMs) {
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeoutMs);
        }
        this.timeoutMs = timeoutMs;
    }

    /** SQLite's {@code sqliteDefaultBusyCallback} (main.c) with the given timeout. */
    public static BusySchedule sqliteDefault(int timeoutMs) {
        return new BusySchedule(timeoutMs) {
            @Override
            long sleptBeforeMs(int retries) {
                int last = DELAYS_MS.length - 1;
                return retries <= last
                        ? TOTALS_MS[retries]
                        : TOTALS_MS[last] + (long) DELAYS_MS[last] * (retries - last);
            }

            @Override
            long stepMs(int retries) {
                return DELAYS_MS[Math.min(retries, DELAYS_MS.length - 1)];
            }
        };
    }

    /** The same pause before every retry. */
    public static BusySchedule fixed(int intervalMs, int timeoutMs) {
        if (intervalMs < 1) {
            throw new IllegalArgumentException("interval must be at least 1 ms: " + intervalMs);
        }
        return new BusySchedule(timeoutMs) {
            @Override
            long sleptBeforeMs(int retries) {
                return (long) intervalMs * retries;
            }

            @Override
            long stepMs(int retries) {
                return intervalMs;
            }
        };
    }

    abstract long sleptBeforeMs(int retries);

    abstract long stepMs(int retries);

    /**
     * The sleep before retry number {@code retries + 1}, in milliseconds, or 0 to give up (the
     * statement then fails with SQLITE_BUSY). The last sleep is cut so the total never passes the timeout.
     */
    public long delayMs(int retries) {
        long prior = sleptBeforeMs(retries);
        long delay = stepMs(retries);
        if (prior + delay > timeoutMs) {
            delay = timeoutMs - prior;
        }
        return Math.max(0, delay);
    }

    public int timeoutMs() {
        return timeoutMs;
    }
}
