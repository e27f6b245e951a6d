package io.lockbench.harness.sql;

import io.lockbench.harness.sql.SqlScript.Statement;
import io.lockbench.store.DatabaseErrors;
import io.lockbench.store.SessionStore;
import io.lockbench.store.access.SqlWork;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

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
    public static void fill(SessionStore store, SqlScript script, int executions) throws SQLException {
        ScriptClient client = new ScriptClient(0, Map.of(), 0x5EEDL);
        client.drawFrom(new SplittableRandom(0x5EEDL));
        int done = 0;
        while (done < executions) {
            int batch = script.hasOwnTransaction() ? 1 : Math.min(FILL_BATCH, executions - done);
            client.runTransaction(store, () -> script, batch, false);
            done += batch;
        }
    }
}
