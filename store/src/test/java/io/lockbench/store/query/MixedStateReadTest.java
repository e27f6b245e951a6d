package io.lockbench.store.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.store.PauseAfterQuery;
import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.access.ReadListener;
import io.lockbench.store.config.Settings;
import io.lockbench.store.db.ConnectionProvider;
import io.lockbench.store.importer.ImportOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The race of the session-manager post-mortem, made deterministic: a read request is stopped between
 * two of its queries, another connection commits, and the request goes on. On the {@code plain} read
 * path the response mixes the two states and its invariant breaks; on {@code snapshot} it cannot.
 */
class MixedStateReadTest {

    @TempDir
    Path dir;

    private final ExecutorService reader = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws InterruptedException {
        reader.shutdownNow();
        assertThat(reader.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private SessionStore openWithFixture(String readPath, ReadListener listener) throws Exception {
        Path root = TestStores.copyFixture(dir);
        SessionStore store = SessionStore.open(TestStores.config(dir, Settings.READ_PATH, readPath), listener);
        store.importer().importAll(root, ImportOptions.defaults());
        return store;
    }

    private static Void addOutputTokens(SessionStore store) throws Exception {
        try (Connection other = ConnectionProvider.openUnpooled(store.config());
                Statement s = other.createStatement()) {
            s.executeUpdate("UPDATE token_usage SET output_tokens = output_tokens + 1000");
        }
        return null;
    }

    @ParameterizedTest(name = "read_path={0}")
    @CsvSource({"plain, false", "snapshot, true"})
    void sessionTimelineMixesStatesOnlyOnThePlainPath(String readPath, boolean consistent) throws Exception {
        PauseAfterQuery pause = new PauseAfterQuery("GROUP BY bucket_start");
        try (SessionStore store = openWithFixture(readPath, pause)) {
            TokenTimeline timeline = pause.around(
                    reader,
                    () -> store.queries()
                            .sessionTimeline(TestStores.SESSION_A, Bucket.HOUR)
                            .orElseThrow(),
                    () -> addOutputTokens(store));
            assertThat(timeline.isConsistent()).isEqualTo(consistent);
            assertThat(store.queries()
                            .sessionTimeline(TestStores.SESSION_A, Bucket.HOUR)
                            .orElseThrow()
                            .isConsistent())
                    .as("an undisturbed read")
                    .isTrue();
        }
    }

    @ParameterizedTest(name = "read_path={0}")
    @CsvSource({"plain, false", "snapshot, true"})
    void globalTimelineMixesStatesOnlyOnThePlainPath(String readPath, boolean consistent) throws Exception {
        PauseAfterQuery pause = new PauseAfterQuery("GROUP BY bucket_start");
        try (SessionStore store = openWithFixture(readPath, pause)) {
            Instant from = Instant.parse("2026-01-01T00:00:00Z");
            Instant to = Instant.parse("2027-01-01T00:00:00Z");
            TokenTimeline timeline = pause.around(
                    reader, () -> store.queries().globalTimeline(Bucket.DAY, from, to), () -> addOutputTokens(store));
            assertThat(timeline.isConsistent()).isEqualTo(consistent);
        }
    }
}
