package io.lockbench.harness.sql;

import io.lockbench.store.failure.LockbenchFailure;
import java.nio.file.Path;

/** A script that cannot run, found when it is loaded: the message starts with {@code file:line}. */
public final class ScriptException extends RuntimeException implements LockbenchFailure {

    private final String where;
    private final String problem;

    public ScriptException(Path file, int line, String problem) {
        this(file + ":" + line, problem);
    }

    public ScriptException(String where, String problem) {
        super(where + ": " + problem);
        this.where = where;
        this.problem = problem;
    }

    /** {@code file:line}. */
    public String where() {
        return where;
    }

    public String problem() {
        return problem;
    }

    @Override
    public Kind kind() {
        return Kind.USAGE;
    }
}
