package io.lockbench.harness.run;

import io.lockbench.harness.text.Csv;
import io.lockbench.store.Database;
import io.lockbench.store.config.StoreConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who blocks whom on a database server during a run: every {@link #INTERVAL_MS} ms, one run of the
 * backend's blocking query ({@link io.lockbench.store.Database#blockingQuery()}: on PostgreSQL
 * {@code pg_stat_activity} joined to {@code pg_blocking_pids} and the ungranted rows of
 * {@code pg_locks}), on a connection of its own (reading these views takes no table or row lock).
 * Each waiting server process becomes a row of {@code blocking.csv}; {@code blocking-summary.csv}
 * counts samples per pair of waiting and blocking statement, an estimate of how long each pair blocked.
 */
final class BlockingSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlockingSampler.class);

    static final long INTERVAL_MS = 50;

    private final Connection connection;
    private final String query;
    private final BufferedWriter samples;
    private final Path summaryFile;
    private final long startNanos;
    private final Map<Pair, Long> pairs = new HashMap<>();

    private record Pair(String waiting, String awaited, String blocking) {}

    private final Thread thread;
    private volatile boolean closed;

    private BlockingSampler(
            Connection connection, String query, BufferedWriter samples, Path summaryFile, long startNanos) {
        this.connection = connection;
        this.query = query;
        this.samples = samples;
        this.summaryFile = summaryFile;
        this.startNanos = startNanos;
        this.thread = new Thread(this::sampleUntilClosed, "lockbench-pg-blocking");
        this.thread.setDaemon(true);
    }

    static BlockingSampler start(StoreConfig config, String query, Path resultsDir, long startNanos)
            throws IOException, SQLException {
        Connection connection = Database.of(config).openMonitorConnection();
        BufferedWriter samples = Files.newBufferedWriter(resultsDir.resolve("blocking.csv"), StandardCharsets.UTF_8);
        samples.write("t_seconds,waiting_pid,wait_event_type,wait_event,awaited_lock,waiting_query,"
                + "blocking_pid,blocking_state,blocking_query\n");
        BlockingSampler sampler =
                new BlockingSampler(connection, query, samples, resultsDir.resolve("blocking-summary.csv"), startNanos);
        sampler.thread.start();
        return sampler;
    }

    private void sampleUntilClosed() {
        try (Statement statement = connection.createStatement()) {
            while (!closed) {
                sample(statement);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS));
            }
        } catch (SQLException | IOException e) {
            if (!closed) {
                LOG.warn("blocking is no longer sampled: {}", e.getMessage());
            }
        }
    }

    private void sample(Statement statement) throws SQLException, IOException {
        double t = (System.nanoTime() - startNanos) / 1e9;
        try (ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                String waiting = statementText(rs.getString(5));
                String blocking = statementText(rs.getString(8));
                String awaited = String.valueOf(rs.getString(4));
                samples.write(String.join(
                                ",",
                                String.format(Locale.ROOT, "%.3f", t),
                                Integer.toString(rs.getInt(1)),
                                Csv.field(rs.getString(2)),
                                Csv.field(rs.getString(3)),
                                Csv.field(awaited),
                                Csv.field(waiting),
                                Integer.toString(rs.getInt(6)),
                                Csv.field(rs.getString(7)),
                                Csv.field(blocking))
                        + "\n");
                pairs.merge(new Pair(waiting, awaited, blocking), 1L, Long::sum);
            }
        }
    }

    /** A statement on one line, cut to a length that still tells statements apart. */
    private static String statementText(String query) {
        String oneLine = query == null ? "" : query.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 120 ? oneLine.substring(0, 117) + "..." : oneLine;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // a read-only monitoring connection: nothing is lost with it
        }
        samples.close();
        try (BufferedWriter summary = Files.newBufferedWriter(summaryFile, StandardCharsets.UTF_8)) {
            summary.write("samples,estimated_seconds,waiting_query,awaited_lock,blocking_query\n");
            var sorted = pairs.entrySet().stream()
                    .sorted(Map.Entry.<Pair, Long>comparingByValue().reversed())
                    .toList();
            for (Map.Entry<Pair, Long> pair : sorted) {
                Pair p = pair.getKey();
                summary.write(pair.getValue() + ","
                        + String.format(Locale.ROOT, "%.2f", pair.getValue() * INTERVAL_MS / 1000.0) + ","
                        + Csv.field(p.waiting()) + "," + Csv.field(p.awaited()) + "," + Csv.field(p.blocking()) + "\n");
            }
        }
    }
}
