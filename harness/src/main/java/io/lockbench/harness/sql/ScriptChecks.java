package io.lockbench.harness.sql;

import io.lockbench.harness.sql.SqlScript.Statement;
import io.lockbench.store.DatabaseErrors;
import io.lockbench.store.SessionStore;
import io.lockbench.store.access.SqlWork;
import io.lockbench.store.lock.Pause;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/** What happens to scripts on the run's database before the measured window: checked, and run to fill tables. */
public final class ScriptChecks {

    /** Rows of {@code seed.sql} executions per transaction when the script has no transaction of its own. */
    static final int FILL_BATCH = 1_000;

    private ScriptChecks() {}

    /**
     * Prepares every statement of {@code scripts} on the store (in a read transaction when {@code readOnly}), so that a misspelt table or
     * column fails before anything is measured, with the script's {@code file:line}.
     */
    public static void prepareAll(SessionStore store, List<SqlScript> scripts, boolean readOnly) throws SQLException {
        for (SqlScript script : scripts) {
            SqlWork<Void> prepare = c -> {
                for (Statement statement : script.statements()) {
                    try (PreparedStatement ps = c.prepareStatement(statement.sql())) {
                        // PostgreSQL's driver parses on the server only when asked about the statement.
                        ps.getParameterMetaData();
                    } catch (SQLException e) {
                        throw new ScriptException(
                                script.file(),
                                statement.line(),
                                "cannot be prepared on the run's database: " + DatabaseErrors.oneLine(e));
                    }
                }
                return null;
            };
            if (readOnly) {
                store.readTransaction(prepare);
            } else {
                store.write(prepare);
            }
        }
    }

    /**
     * Runs {@code script} {@code executions} times as client 0, in transactions of up to
     * {@value #FILL_BATCH} executions (or one per execution when the script has its own), seeded.
     */
    public static void fill(SessionStore store, SqlScript script, int executions, Duration limit) throws SQLException {
        ScriptClient client = new ScriptClient(0, Map.of(), 0x5EEDL);
        client.drawFrom(new SplittableRandom(0x5EEDL));
        AtomicBoolean late = new AtomicBoolean();
        // A statement that never ends (a recursive CTE without a bound) does not notice time: it is ended
        // from outside once the fill has used up the limit.
        Thread watchdog = new Thread(
                () -> {
                    if (Pause.sleep(limit.toNanos())) {
                        late.set(true);
                        client.interrupt();
                    }
                },
                "lockbench-seed-limit");
        watchdog.setDaemon(true);
        watchdog.start();
        int done = 0;
        try {
            while (done < executions) {
                if (late.get()) {
                    throw new SQLException("interrupted");
                }
                int batch = script.hasOwnTransaction() ? 1 : Math.min(FILL_BATCH, executions - done);
                client.runTransaction(store, () -> script, batch, false);
                done += batch;
            }
        } catch (SQLException | RuntimeException e) {
            if (late.get()) {
                throw new ScriptException(
                        script.file().toString(),
                        "seed.sql did not finish within run.time_limit (" + limit.toSeconds() + " s): " + done + " of "
                                + executions + " executions done; bound its statements or raise the limit");
            }
            throw e;
        } finally {
            watchdog.interrupt();
        }
    }
}
