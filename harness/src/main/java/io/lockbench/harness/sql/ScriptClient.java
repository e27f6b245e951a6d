package io.lockbench.harness.sql;

import io.lockbench.harness.sql.SqlScript.Command;
import io.lockbench.harness.sql.SqlScript.SetVariable;
import io.lockbench.harness.sql.SqlScript.Sleep;
import io.lockbench.harness.sql.SqlScript.Statement;
import io.lockbench.store.SessionStore;
import io.lockbench.store.access.SqlWork;
import io.lockbench.store.lock.Pause;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * One client of a script workload, as a pgbench client: its variables live from one execution to the
 * next, {@code :client_id} is its number, and its random draws come from its own seeded source.
 * Not thread-safe: one client per thread.
 */
public final class ScriptClient implements Expression.Scope {

    private final Map<String, Object> variables = new HashMap<>();
    private final long hashSeed;

    /** The statement this client is executing, for {@link #interrupt} from another thread. */
    private volatile PreparedStatement executing;

    private SplittableRandom random;

    /**
     * @param vars the scenario's {@code params.vars}, as text (numbers are read as numbers where a
     *     number is needed); {@code scale} among them sets {@code :scale}
     */
    public ScriptClient(int clientId, Map<String, String> vars, long hashSeed) {
        this.hashSeed = hashSeed;
        variables.put("client_id", (long) clientId);
        variables.put("scale", 1L);
        variables.put("default_seed", hashSeed);
        vars.forEach((name, value) -> variables.put(name, typed(value)));
    }

    /**
     * A variable from the scenario as pgbench would use it: a whole number or a decimal number when it
     * reads as one (read once here, not at every use), else text.
     */
    static Object typed(String value) {
        String text = value.strip();
        if (text.matches("[+-]?[0-9]{1,18}")) {
            return Long.parseLong(text);
        }
        if (text.matches("[+-]?([0-9]+\\.[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
            return Double.parseDouble(text);
        }
        return value;
    }

    /** Draws from {@code source} from now on (the calling thread's seeded random source). */
    public void drawFrom(SplittableRandom source) {
        this.random = source;
    }

    @Override
    public Object variable(String name) {
        return variables.get(name);
    }

    @Override
    public SplittableRandom random() {
        return random;
    }

    @Override
    public long hashSeed() {
        return hashSeed;
    }

    /**
     * Runs one transaction on {@code store}: one execution of a script with its own {@code BEGIN …
     * COMMIT} (its meta-commands before and after outside the transaction), or {@code items}
     * executions of scripts without, each taken from {@code next}; with {@code readOnly}, one
     * execution in a read snapshot. Returns the rows changed or read.
     */
    public long runTransaction(SessionStore store, Supplier<SqlScript> next, int items, boolean readOnly)
            throws SQLException {
        SqlScript first = next.get();
        if (!readOnly && !first.hasOwnTransaction()) {
            return store.write(preparing((c, prepared) -> {
                long rows = run(first.body(), c, prepared);
                for (int i = 1; i < items; i++) {
                    rows += run(next.get().body(), c, prepared);
                }
                return rows;
            }));
        }
        runOutsideTransaction(first.prologue());
        SqlWork<Long> body = preparing((c, prepared) -> run(first.body(), c, prepared));
        long rows = readOnly
                ? store.readTransaction(body)
                : store.withWriter(writer -> writer.transaction(first.ownTransaction(), body));
        runOutsideTransaction(first.epilogue());
        return rows;
    }

    /** Runs meta-commands only (a script's commands before its BEGIN or after its COMMIT). */
    public void runOutsideTransaction(List<Command> commands) {
        for (Command command : commands) {
            runMeta(command);
        }
    }

    /**
     * Runs {@code commands} on {@code connection}, inside the transaction the caller opened; returns
     * the rows the statements changed or returned.
     *
     * @param prepared statements already prepared on this connection in this transaction, reused
     */
    public long run(List<Command> commands, Connection connection, Map<String, PreparedStatement> prepared)
            throws SQLException {
        long rows = 0;
        for (Command command : commands) {
            if (command instanceof Statement statement) {
                rows += execute(statement, connection, prepared);
            } else {
                runMeta(command);
            }
        }
        return rows;
    }

    private long execute(Statement statement, Connection connection, Map<String, PreparedStatement> prepared)
            throws SQLException {
        PreparedStatement ps = prepared.get(statement.sql());
        if (ps == null) {
            ps = connection.prepareStatement(statement.sql());
            prepared.put(statement.sql(), ps);
        }
        List<String> parameters = statement.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            Object value = variables.get(parameters.get(i));
            if (value instanceof Long n) {
                ps.setLong(i + 1, n);
            } else if (value instanceof Double d) {
                ps.setDouble(i + 1, d);
            } else {
                ps.setString(i + 1, (String) value);
            }
        }
        executing = ps;
        try {
            return results(ps);
        } finally {
            executing = null;
        }
    }

    /**
     * Ends the statement this client is executing, if any (from any thread): SQLite stops it at its next
     * step and it fails as interrupted. A never-ending statement ends this way when its run stops.
     */
    public void interrupt() {
        PreparedStatement ps = executing;
        if (ps != null) {
            try {
                ps.cancel();
            } catch (SQLException e) {
                // it ended on its own meanwhile
            }
        }
    }

    private static long results(PreparedStatement ps) throws SQLException {
        long rows = 0;
        boolean results = ps.execute();
        while (true) {
            if (results) {
                try (ResultSet rs = ps.getResultSet()) {
                    while (rs.next()) {
                        rows++;
                    }
                }
            } else {
                int count = ps.getUpdateCount();
                if (count < 0) {
                    return rows;
                }
                rows += count;
            }
            results = ps.getMoreResults();
        }
    }

    private void runMeta(Command command) {
        if (command instanceof SetVariable set) {
            variables.put(set.name(), set.value().evaluate(this));
        } else if (command instanceof Sleep sleep) {
            Number amount = sleep.amount().evaluate(this);
            if (!(amount instanceof Long units) || units < 0) {
                throw new ArithmeticException("\\sleep needs a whole number of 0 or more but was " + amount);
            }
            if (!Pause.sleep(Math.multiplyExact(units, sleep.nanosPerUnit()))) {
                // The run is stopping: the execution ends here, unfinished, and is no measurement.
                throw new CancellationException("\\sleep at line " + sleep.line() + " cut short: the run is stopping");
            }
        } else {
            throw new IllegalStateException("a statement outside the transaction at line " + command.line());
        }
    }

    /** Work on a connection with the statements it has prepared so far in this transaction. */
    @FunctionalInterface
    public interface PreparedWork<T> {
        T run(Connection connection, Map<String, PreparedStatement> prepared) throws SQLException;
    }

    /**
     * {@code work} as one transaction's work: the statements it prepares are reused within the
     * transaction and closed at its end, before the connection goes back to its pool.
     */
    public static <T> SqlWork<T> preparing(PreparedWork<T> work) {
        return connection -> {
            Map<String, PreparedStatement> prepared = new HashMap<>();
            try {
                return work.run(connection, prepared);
            } finally {
                close(prepared);
            }
        };
    }

    /** Closes the statements prepared in one transaction. */
    public static void close(Map<String, PreparedStatement> prepared) throws SQLException {
        SQLException first = null;
        for (PreparedStatement ps : prepared.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        prepared.clear();
        if (first != null) {
            throw first;
        }
    }
}
