package io.lockbench.store.lock;

import io.lockbench.store.config.BusyHandlerMode;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.sqlite.BusyHandler;

/**
 * Measures lock contention from inside SQLite: a busy handler on every connection that sleeps on
 * {@link BusySchedule} up to the busy timeout and charges each wait and retry to the
 * {@link LockTrace} of the operation running on that thread (operations without a trace are not
 * measured, but wait the same way). Installing it replaces SQLite's own
 * {@code busy_timeout} (which then reads 0): the timeout is the schedule's.
 */
public final class LockProbe {

    private final BusySchedule schedule;

    public LockProbe(BusySchedule schedule) {
        this.schedule = schedule;
    }

    /** The probe a configuration asks for, or {@code null} for {@code busy_handler=builtin}. */
    public static LockProbe forConfig(StoreConfig config) {
        if (config.get(Settings.BUSY_HANDLER) == BusyHandlerMode.BUILTIN) {
            return null;
        }
        BusySchedule schedule = config.get(Settings.BUSY_HANDLER) == BusyHandlerMode.FIXED_INTERVAL
                ? BusySchedule.fixed(config.get(Settings.BUSY_INTERVAL_MS), config.get(Settings.BUSY_TIMEOUT_MS))
                : BusySchedule.sqliteDefault(config.get(Settings.BUSY_TIMEOUT_MS));
        return new LockProbe(schedule);
    }

    /** Installs the probe's busy handler on a raw sqlite-jdbc connection (not a pool proxy). */
    public void install(Connection sqliteConnection) throws SQLException {
        BusyHandler.setHandler(sqliteConnection, new Handler(schedule));
    }

    public BusySchedule schedule() {
        return schedule;
    }

    /** One per connection; SQLite calls it on the thread that runs the blocked statement. */
    private static final class Handler extends BusyHandler {
        private final BusySchedule schedule;

        Handler(BusySchedule schedule) {
            this.schedule = schedule;
        }

        @Override
        protected int callback(int retries) {
            long called = System.nanoTime();
            long delayMs = schedule.delayMs(retries);
            // Stopping (interrupted): fail the statement with SQLITE_BUSY now instead of sleeping out the timeout.
            boolean retry = delayMs > 0 && Pause.sleep(TimeUnit.MILLISECONDS.toNanos(delayMs));
            LockTrace trace = LockTrace.current();
            if (trace != null) {
                // SQLite retries the lock as soon as this returns: the time spent here is the wait.
                trace.busyWait(System.nanoTime() - called, retry);
            }
            return retry ? 1 : 0;
        }
    }
}
