package io.lockbench.harness.sql;

import com.fasterxml.jackson.annotation.JsonValue;
import io.lockbench.store.config.TransactionMode;
import java.nio.file.Path;
import java.util.List;

/**
 * A parsed pgbench-style script: its commands in order and, when it opens and commits its own
 * transaction, how that transaction begins. A script without {@code BEGIN} is one item of a batch
 * the workload wraps in a transaction; with {@code BEGIN … COMMIT} it is a transaction as written,
 * and the meta-commands before {@code BEGIN} and after {@code COMMIT} run outside it.
 *
 * @param weight how often the script is picked among a workload's scripts (pgbench's {@code file@w})
 */
public record SqlScript(
        Path file,
        int weight,
        List<Command> prologue,
        List<Command> body,
        List<Command> epilogue,
        TransactionMode ownTransaction) {

    /** One command of a script, with the line it starts on. */
    public sealed interface Command permits Statement, SetVariable, Sleep {
        int line();
    }

    /**
     * A SQL statement with its {@code :variables} turned into {@code ?} parameters, in order.
     *
     * @param text the statement as written, for messages
     */
    public record Statement(int line, String sql, List<String> parameters, String text) implements Command {}

    /** {@code \set name expression}. */
    public record SetVariable(int line, String name, Expression value) implements Command {}

    /** {@code \sleep amount [us|ms|s]}: application work, holding whatever the transaction holds. */
    public record Sleep(int line, Expression amount, long nanosPerUnit) implements Command {}

    public SqlScript {
        prologue = List.copyOf(prologue);
        body = List.copyOf(body);
        epilogue = List.copyOf(epilogue);
    }

    /** How run files name the script: its path, with {@code @weight} when that is not 1. */
    @JsonValue
    @Override
    public String toString() {
        return file + (weight == 1 ? "" : "@" + weight);
    }

    public boolean hasOwnTransaction() {
        return ownTransaction != null;
    }

    /** The SQL statements, in order. */
    public List<Statement> statements() {
        return body.stream()
                .filter(Statement.class::isInstance)
                .map(Statement.class::cast)
                .toList();
    }

    /** This script with another weight. */
    public SqlScript withWeight(int newWeight) {
        return new SqlScript(file, newWeight, prologue, body, epilogue, ownTransaction);
    }
}
