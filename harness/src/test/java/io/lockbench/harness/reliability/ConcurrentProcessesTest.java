package io.lockbench.harness.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.importer.ImportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several real {@code lockbench} processes on one database file at once: two importers of the same
 * corpus (one with a busy timeout too short to wait out the other) and a reader asking for timelines.
 */
@ProcessTest
class ConcurrentProcessesTest {

    @TempDir
    Path dir;

    @Test
    void importersAndAReaderInSeparateProcessesLoseNothingAndReportEveryBusy() throws Exception {
        Path corpus = new CorpusGenerator(
                        new CorpusSpec(21, 40, 30, 3, 150, Instant.parse("2026-05-01T00:00:00Z"), 5, 0))
                .writeTo(dir.resolve("corpus"))
                .root();
        Files.createDirectories(dir.resolve("clean"));
        Map<String, List<String>> clean;
        try (SessionStore store = SessionStore.open(TestStores.config(dir.resolve("clean")))) {
            store.importer().importAll(corpus, ImportOptions.defaults());
            clean = TestStores.dump(store);
        }
        Path db = dir.resolve("shared.db");
        // Created (and migrated) before the race, as an application would on start.
        SessionStore.open(StoreConfig.defaults(db)).close();
        Path logs = dir.resolve("logs");
        LockbenchProcess patient = LockbenchProcess.start(
                logs,
                "import",
                corpus.toString(),
                "--db",
                db.toString(),
                "--strategy",
                "batched",
                "--batch-size",
                "20");
        LockbenchProcess impatient = LockbenchProcess.start(
                logs,
                "import",
                corpus.toString(),
                "--db",
                db.toString(),
                "--strategy",
                "per-record",
                "--set",
                "busy_timeout_ms=1");
        List<LockbenchProcess> readers = new ArrayList<>();
        while (patient.process.isAlive() || impatient.process.isAlive()) {
            LockbenchProcess reader =
                    LockbenchProcess.start(logs, "timeline", "--db", db.toString(), "--bucket", "hour", "--json");
            reader.await(60);
            readers.add(reader);
        }
        assertThat(patient.await(120)).as(patient.output()).isZero();
        int impatientExit = impatient.await(120);
        if (impatientExit != 0) {
            // Not silent: exit 1 and a line a person can act on.
            assertThat(impatientExit).isEqualTo(1);
            // Met at open (migration check) or mid-import (then it says how to resume): both name the lock and the
            // knob.
            assertThat(impatient.output().strip())
                    .startsWith("lockbench: ")
                    .contains("locked")
                    .contains("busy_timeout_ms")
                    .doesNotContain("Exception")
                    .doesNotContain("\n");
        }
        for (LockbenchProcess reader : readers) {
            assertThat(reader.process.exitValue()).as(reader.output()).isZero();
            JsonNode timeline = new ObjectMapper()
                    .readTree(reader.output().substring(reader.output().indexOf('{')));
            assertThat(timeline.get("consistent").asBoolean()).isTrue();
        }
        assertThat(readers).isNotEmpty();
        // Whatever an importer could not finish, the next import completes.
        LockbenchProcess last = LockbenchProcess.start(logs, "import", corpus.toString(), "--db", db.toString());
        assertThat(last.await(120)).as(last.output()).isZero();
        try (SessionStore store = SessionStore.open(StoreConfig.defaults(db))) {
            assertThat(TestStores.dump(store)).isEqualTo(clean);
            assertThat(TestStores.count(
                            store, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"))
                    .isZero();
        }
    }
}
