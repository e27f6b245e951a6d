package io.lockbench.benchmarks;

import io.lockbench.harness.catalog.Catalog;
import io.lockbench.store.SessionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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

/** Reads against a concurrent writer, as a JMH group: one thread lists artifacts while one updates catalog entries. */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ContentionBenchmark {

    @Param({"snapshot", "plain"})
    public String readPath;

    private Path dir;
    private SessionStore store;

    @Setup(Level.Trial)
    public void store() throws IOException, SQLException {
        dir = Files.createTempDirectory("lockbench-jmh-contention");
        store = ReadPathBenchmark.openSeeded(dir, readPath);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        ReadPathBenchmark.closeAndDelete(store, dir);
    }

    @Benchmark
    @Group("readWrite")
    @GroupThreads(1)
    public Object listArtifacts() {
        return new Catalog(store).listArtifacts(1, 50);
    }

    @Benchmark
    @Group("readWrite")
    @GroupThreads(1)
    public void updateEntry() throws SQLException {
        new Catalog(store).updateEntry(1 + ThreadLocalRandom.current().nextInt(50), "jmh", Duration.ZERO);
    }
}
