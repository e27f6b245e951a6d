package io.lockbench.store.config;

/**
 * Who waits when the database is locked.
 *
 * <ul>
 *   <li>{@code sqlite-schedule}: the lock probe, sleeping 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50,
 *       100 ms and then 100 ms at a time, as SQLite's own busy handler does, up to
 *       {@code busy_timeout_ms}; every wait is measured;</li>
 *   <li>{@code fixed-interval}: the lock probe, retrying every {@code busy_interval_ms}, which gives
 *       waiting writers a fairer turn than the growing default steps;</li>
 *   <li>{@code builtin}: SQLite's {@code busy_timeout} with no probe (waits are not measured).</li>
 * </ul>
 */
public enum BusyHandlerMode implements ConfigChoice {
    SQLITE_SCHEDULE,
    FIXED_INTERVAL,
    BUILTIN;

    @Override
    public String configName() {
        return ConfigChoice.lower(this);
    }
}
