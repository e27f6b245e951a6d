package io.lockbench.benchmarks;

import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import io.lockbench.harness.run.ScratchDirectories;
import io.lockbench.store.SessionStore;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.importer.ImportOptions;
import io.lockbench.store.importer.RawInsertBaseline;
import io.lockbench.store.importer.SessionImporter;
import io.lockbench.store.transcript.TranscriptFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
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
 * One generated corpus imported into a fresh database per invocation along every insert path: the
 * importer's strategies and the raw JDBC ceiling ({@code INSERT OR IGNORE}, one transaction).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class ImportPathBenchmark {

    @Param({"per-record", "batched-10", "batched-100", "batched-1000", "whole-file", "raw-ceiling"})
    public String path;

    private Path dir;
    private List<TranscriptFile> files;
    private SessionStore store;

    @Setup(Level.Trial)
    public void corpus() throws IOException {
        dir = Files.createTempDirectory("lockbench-jmh-import");
        Path root = new CorpusGenerator(new CorpusSpec(7, 40, 30, 3, 200, Instant.parse("2026-01-05T08:00:00Z"), 7, 0))
                .writeTo(dir.resolve("corpus"))
                .root();
        files = SessionImporter.discover(root);
    }

    @Setup(Level.Invocation)
    public void freshDatabase() throws IOException {
        Path db = dir.resolve("bench.db");
        ScratchDirectories.deleteDatabase(db);
        StoreConfig config = StoreConfig.defaults(db);
        if (path.startsWith("batched-")) {
            config = config.with(Settings.IMPORT_STRATEGY, "batched")
                    .with(Settings.BATCH_SIZE, path.substring("batched-".length()));
        } else if (!path.equals("raw-ceiling")) {
            config = config.with(Settings.IMPORT_STRATEGY, path);
        }
        store = SessionStore.open(config);
    }

    @TearDown(Level.Invocation)
    public void close() {
        store.close();
    }

    @TearDown(Level.Trial)
    public void removeCorpus() throws IOException {
        ScratchDirectories.delete(dir);
    }

    @Benchmark
    public long importCorpus() throws SQLException {
        if (path.equals("raw-ceiling")) {
            return store.write(RawInsertBaseline.insertAll(files));
        }
        return store.importer().importFiles(files, ImportOptions.defaults()).recordsImported();
    }
}
