package io.lockbench.harness.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.store.SessionStore;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.importer.ImportOptions;
import io.lockbench.store.importer.ImportReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void sameSeed_writesTheSameBytes() throws IOException {
        CorpusSpec spec = CorpusSpec.small(3);
        new CorpusGenerator(spec).writeTo(dir.resolve("a"));
        new CorpusGenerator(spec).writeTo(dir.resolve("b"));
        List<Path> files = list(dir.resolve("a"));
        assertThat(files).isEqualTo(list(dir.resolve("b")));
        for (Path file : files) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(file)))
                    .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(file)));
        }
    }

    @Test
    void generatedCorpus_importsCleanly_andCountsEachResponseOnce() throws IOException {
        CorpusGenerator.Corpus corpus = new CorpusGenerator(CorpusSpec.small(5)).writeTo(dir.resolve("corpus"));
        try (SessionStore store = SessionStore.open(StoreConfig.defaults(dir.resolve("s.db")))) {
            ImportReport report = store.importer().importAll(corpus.root(), ImportOptions.defaults());
            assertThat(report.malformedLines()).isZero();
            assertThat(report.linesRead()).isEqualTo(corpus.lines());
            assertThat(store.queries()
                            .globalTimeline(
                                    io.lockbench.store.query.Bucket.DAY,
                                    java.time.Instant.EPOCH,
                                    java.time.Instant.parse("2100-01-01T00:00:00Z"))
                            .total()
                            .requests())
                    .isEqualTo(corpus.responses());
        }
    }

    private static List<Path> list(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(root::relativize)
                    .sorted()
                    .collect(Collectors.toList());
        }
    }
}
