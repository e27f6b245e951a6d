package io.lockbench.benchmarks;

import io.lockbench.harness.sql.ScriptClient;
import io.lockbench.harness.sql.ScriptParser;
import io.lockbench.harness.sql.SqlScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the {@code sql} workload's script engine costs per executed item: a {@code \set} with
 * {@code random()}, binding the variable and running the prepared statement, against a plain JDBC
 * loop doing the same update with the same prepared statement; both in transactions of
 * {@value #ITEMS} items on one SQLite connection.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScriptEngineBenchmark {

    static final int ITEMS = 1000;

    private Path dir;
    private Connection connection;
    private PreparedStatement raw;
    private SqlScript script;
    private ScriptClient client;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private final SplittableRandom random = new SplittableRandom(1);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("lockbench-script-bench");
        connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bench.db"));
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA journal_mode = wal");
            s.execute("PRAGMA synchronous = normal");
            s.execute("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)");
            s.execute("WITH RECURSIVE i(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM i WHERE v < 1000)"
                    + " INSERT INTO counters SELECT v, 0 FROM i");
        }
        connection.setAutoCommit(false);
        raw = connection.prepareStatement("UPDATE counters SET n = n + 1 WHERE id = ?");
        script = ScriptParser.parse(
                Path.of("bench.sql"),
                1,
                "\\set id random(1, 1000)\nUPDATE counters SET n = n + 1 WHERE id = :id;\n",
                Set.of());
        client = new ScriptClient(0, Map.of(), 1);
        client.drawFrom(random);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        ScriptClient.close(prepared);
        raw.close();
        connection.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long plainJdbc() throws SQLException {
        long rows = 0;
        for (int i = 0; i < ITEMS; i++) {
            raw.setLong(1, 1 + random.nextInt(1000));
            rows += raw.executeUpdate();
        }
        connection.commit();
        return rows;
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long scriptEngine() throws SQLException {
        long rows = 0;
        for (int i = 0; i < ITEMS; i++) {
            rows += client.run(script.body(), connection, prepared);
        }
        connection.commit();
        return rows;
    }
}
