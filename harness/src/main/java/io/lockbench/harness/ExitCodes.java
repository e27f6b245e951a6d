package io.lockbench.harness;

import io.lockbench.store.failure.LockbenchFailure;

/**
 * Every exit status lockbench returns, in one place (docs/commands.md's "Exit codes" table says the same).
 *
 * <p>Most commands: 0 done, 1 the work ran and failed (an expectation, an unusable database, a stopped
 * import), 2 bad usage, option, scenario or input file. The gates ({@code gate} and {@code bench gate})
 * answer a question whose answers take 0 to 2, so every error of theirs, usage included, is 3: a typo in
 * a CI job must never read as "inconclusive".
 */
public final class ExitCodes {

    /** Done; for a gate, PASS. */
    public static final int OK = 0;
    /** The work ran and failed: an expectation, an unusable database, a stopped import. */
    public static final int FAILED = 1;
    /** Bad usage, option, configuration or input file. */
    public static final int USAGE = 2;

    /** Gate: every comparison's interval is at or under 1 + tolerance. */
    public static final int GATE_PASS = 0;
    /** Gate: some comparison's interval is wholly above 1 + tolerance. */
    public static final int GATE_REGRESSION = 1;
    /** Gate: neither, when the blocks ran out of time (--max-duration) or were fixed (--blocks). */
    public static final int GATE_INCONCLUSIVE = 2;
    /** Gate: it could not measure or was used wrongly (bad option, scenario or baseline; a block failed). */
    public static final int GATE_ERROR = 3;

    /** Commands whose exit statuses follow the gate's table: every error, usage included, is {@link #GATE_ERROR}. */
    public interface GateStatuses {}

    private ExitCodes() {}

    /** The status of a usage error in {@code command}. */
    public static int usage(Object command) {
        return command instanceof GateStatuses ? GATE_ERROR : USAGE;
    }

    /** The status of {@code failure} ending {@code command}. */
    public static int failure(Object command, Exception failure) {
        if (command instanceof GateStatuses) {
            return GATE_ERROR;
        }
        LockbenchFailure.Kind kind = LockbenchFailure.kindOf(failure);
        if (kind == null) {
            return FAILED; // an I/O error or a bug: the work did not get done
        }
        return switch (kind) {
            case USAGE -> USAGE;
            case UNAVAILABLE, FAILED -> FAILED;
        };
    }
}
