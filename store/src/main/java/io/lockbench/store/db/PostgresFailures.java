package io.lockbench.store.db;

import io.lockbench.store.config.Secrets;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.failure.StoreUnavailableException;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns a failure to open or use a PostgreSQL store into a message a person can act on. */
public final class PostgresFailures {

    private PostgresFailures() {}

    public static StoreUnavailableException describe(StoreConfig config, Throwable failure) {
        String where = "PostgreSQL at " + config.location();
        String state = sqlState(failure);
        String detail = shortMessage(failure);
        String message;
        if (state == null) {
            message = where + ": " + detail;
        } else if (state.startsWith("08")) {
            message = "cannot connect to " + where + " (" + detail + "); start the server or correct store.url";
        } else if (state.startsWith("28")) {
            message = where + " refused the login (" + detail
                    + "); put user and password in the URL or in PGUSER and PGPASSWORD";
        } else if (state.equals("3D000")) {
            message = where + ": the database does not exist (" + detail + "); create it or correct store.url";
        } else if (state.equals("25006") || state.equals("42501")) {
            message = where + ": the store needs to create tables and write in its schema (" + detail
                    + "); grant that, or use another schema (currentSchema=...)";
        } else if (state.equals("55P03") || state.equals("57014")) {
            message = where
                    + " stayed locked by another transaction longer than lock_timeout_ms or statement_timeout_ms ("
                    + detail + "); wait for the other writer, or raise the timeout";
        } else {
            message = where + ": " + detail + " (SQLState " + state + ")";
        }
        return new StoreUnavailableException(message, failure);
    }

    /**
     * One line for a PostgreSQL failure, with no statement text and no row values: the server's own
     * message (its severity and primary text, never its DETAIL, which quotes key values) when there is
     * one, else the driver's first line up to any statement it quotes (a batch entry is quoted with
     * its values), then redacted.
     */
    public static String shortMessage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                int depth = 0;
                for (SQLException e = sql; e != null && depth < 16; e = e.getNextException(), depth++) {
                    if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
                        ServerErrorMessage server = psql.getServerErrorMessage();
                        return Secrets.redact(server.getSeverity() + ": " + server.getMessage());
                    }
                }
            }
        }
        Throwable driver = failure instanceof SQLException ? failure : root(failure);
        String text = SqliteFailures.shortMessage(driver);
        int statement = text.indexOf("Batch entry");
        if (statement >= 0) {
            text = text.substring(0, statement) + "a batched statement was aborted";
        }
        return Secrets.redact(text.strip());
    }

    /** The SQLState of the first exception in the cause chain that has one. */
    public static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static Throwable root(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
