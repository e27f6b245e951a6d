package io.lockbench.benchmarks;

import io.lockbench.harness.catalog.Catalog;
import io.lockbench.harness.catalog.CatalogSeed;
import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import io.lockbench.harness.run.ScratchDirectories;
import io.lockbench.store.SessionStore;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.importer.ImportOptions;
import io.lockbench.store.query.Bucket;
import io.lockbench.store.query.SessionSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The repository's reads on an imported corpus under both read paths; {@link ContentionBenchmark} runs
 * reads against a concurrent writer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReadPathBenchmark {

    @Param({"snapshot", "plain"})
    public String readPath;

    private Path dir;
    private SessionStore store;
    private List<String> sessions;
    private Instant from;
    private Instant to;

    @Setup(Level.Trial)
    public void store() throws IOException, SQLException {
        dir = Files.createTempDirectory("lockbench-jmh-read");
        store = openSeeded(dir, readPath);
        sessions = store.queries().listSessions(0, 1000).sessions().stream()
                .map(SessionSummary::sessionId)
                .toList();
        from = Instant.parse("2026-01-01T00:00:00Z");
        to = Instant.parse("2026-02-01T00:00:00Z");
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        closeAndDelete(store, dir);
    }

    /** A store in {@code dir} with a generated corpus imported and a seeded catalog with one imported source. */
    static SessionStore openSeeded(Path dir, String readPath) throws IOException, SQLException {
        Path root = new CorpusGenerator(new CorpusSpec(7, 60, 30, 3, 200, Instant.parse("2026-01-05T08:00:00Z"), 7, 0))
                .writeTo(dir.resolve("corpus"))
                .root();
        SessionStore store =
                SessionStore.open(StoreConfig.defaults(dir.resolve("bench.db")).with(Settings.READ_PATH, readPath));
        store.importer().importAll(root, ImportOptions.defaults());
        new Catalog(store).seed(new CatalogSeed(4, 50, 0, 1));
        new Catalog(store).importArtifacts(1, 50, 10, Duration.ZERO);
        return store;
    }

    static void closeAndDelete(SessionStore store, Path dir) throws IOException {
        store.close();
        ScratchDirectories.delete(dir);
    }

    @Benchmark
    public Object sessionTimeline() {
        return store.queries()
                .sessionTimeline(sessions.get(ThreadLocalRandom.current().nextInt(sessions.size())), Bucket.HOUR);
    }

    @Benchmark
    public Object globalTimelineByDay() {
        return store.queries().globalTimeline(Bucket.DAY, from, to);
    }

    @Benchmark
    public Object listSessions() {
        return store.queries().listSessions(0, 50);
    }
}
