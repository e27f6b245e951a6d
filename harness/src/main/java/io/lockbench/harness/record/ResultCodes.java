package io.lockbench.harness.record;

/** SQLite's names for the result codes a locked database returns, primary and extended. */
public final class ResultCodes {

    public static final int BUSY = 5;
    public static final int LOCKED = 6;
    public static final int BUSY_RECOVERY = BUSY | (1 << 8);
    public static final int BUSY_SNAPSHOT = BUSY | (2 << 8);
    public static final int BUSY_TIMEOUT = BUSY | (3 << 8);
    public static final int LOCKED_SHAREDCACHE = LOCKED | (1 << 8);
    public static final int LOCKED_VTAB = LOCKED | (2 << 8);

    private ResultCodes() {}

    /** {@code SQLITE_BUSY_SNAPSHOT} for 517, and so on; {@code SQLITE_BUSY (code N)} for an extension this list lacks. */
    public static String name(int code) {
        return switch (code) {
            case BUSY -> "SQLITE_BUSY";
            case LOCKED -> "SQLITE_LOCKED";
            case BUSY_RECOVERY -> "SQLITE_BUSY_RECOVERY";
            case BUSY_SNAPSHOT -> "SQLITE_BUSY_SNAPSHOT";
            case BUSY_TIMEOUT -> "SQLITE_BUSY_TIMEOUT";
            case LOCKED_SHAREDCACHE -> "SQLITE_LOCKED_SHAREDCACHE";
            case LOCKED_VTAB -> "SQLITE_LOCKED_VTAB";
            default -> ((code & 0xff) == LOCKED ? "SQLITE_LOCKED" : "SQLITE_BUSY") + " (code " + code + ")";
        };
    }
}
