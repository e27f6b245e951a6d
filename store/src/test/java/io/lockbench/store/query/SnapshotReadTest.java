package io.lockbench.store.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.config.TransactionMode;
import io.lockbench.store.db.Transactions;
import io.lockbench.store.importer.ImportOptions;
import io.lockbench.store.importer.ImportReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotReadTest {

    @TempDir
    Path dir;

    @Test
    void snapshotReads_duringAnImport_alwaysAgreeWithThemselves() throws Exception {
        Path root = dir.resolve("projects/p");
        Files.createDirectories(root);
        String session = "eeeeeeee-0000-4000-8000-000000000005";
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            lines.append(String.format(
                    "{\"type\":\"assistant\",\"uuid\":\"u%d\",\"sessionId\":\"%s\","
                            + "\"timestamp\":\"2026-03-09T%02d:%02d:00.000Z\",\"requestId\":\"r%d\",\"message\":{\"id\":\"m%d\","
                            + "\"usage\":{\"input_tokens\":1,\"output_tokens\":2}}}%n",
                    i, session, i / 60 % 24, i % 60, i, i));
        }
        Files.writeString(root.resolve(session + ".jsonl"), lines);
        try (SessionStore store = SessionStore.open(TestStores.config(dir).with("batch_size", 10))) {
            ExecutorService importer = Executors.newSingleThreadExecutor();
            Future<ImportReport> done = importer.submit(
                    () -> store.importer().importAll(dir.resolve("projects"), ImportOptions.defaults()));
            int reads = 0;
            while (!done.isDone() || reads < 20) {
                store.queries()
                        .sessionTimeline(session, Bucket.MINUTE)
                        .ifPresent(t -> assertThat(t.isConsistent())
                                .as("timeline sums to its total")
                                .isTrue());
                TokenTimeline global = store.queries()
                        .globalTimeline(Bucket.HOUR, Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z"));
                assertThat(global.isConsistent()).isTrue();
                reads++;
            }
            assertThat(done.get().recordsImported()).isEqualTo(3000);
            importer.shutdown();
            assertThat(importer.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void snapshotRead_isolatesTheRequestFromAWriteCommittedInTheMiddle() throws Exception {
        Path root = TestStores.copyFixture(dir);
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            store.importer().importAll(root, ImportOptions.defaults());
            try (Connection reader = TestStores.connections(store).openReader();
                    Connection writer = TestStores.connections(store).openWriter()) {
                long[] seen = Transactions.read(reader, c -> {
                    long before = count(c);
                    Transactions.write(writer, TransactionMode.IMMEDIATE, w -> {
                        try (Statement s = w.createStatement()) {
                            s.executeUpdate("DELETE FROM token_usage");
                        }
                        return null;
                    });
                    return new long[] {before, count(c)};
                });
                assertThat(seen[1]).isEqualTo(seen[0]).isEqualTo(5);
            }
            assertThat(TestStores.count(store, "SELECT count(*) FROM token_usage"))
                    .isZero();
        }
    }

    private static long count(Connection c) throws java.sql.SQLException {
        try (Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM token_usage")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
