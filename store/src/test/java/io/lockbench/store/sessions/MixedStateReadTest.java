package io.lockbench.store.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.catalog.ArtifactPage;
import io.lockbench.store.catalog.CatalogSeed;
import io.lockbench.store.config.Settings;
import io.lockbench.store.db.ConnectionProvider;
import io.lockbench.store.db.ReadListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /** Stops the first query whose SQL contains a fragment until the test has written. */
    private static final class PauseAfter implements ReadListener {
        private final String fragment;
        private final AtomicBoolean armed = new AtomicBoolean();
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch resume = new CountDownLatch(1);

        PauseAfter(String fragment) {
            this.fragment = fragment;
        }

        @Override
        public void queryDone(String sql) {
            if (sql.contains(fragment) && armed.compareAndSet(true, false)) {
                reached.countDown();
                try {
                    if (!resume.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never let the read go on");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }

        /** Runs {@code read} on the reader thread, commits {@code write} between its queries. */
        <T> T around(ExecutorService thread, Callable<T> read, Callable<?> write) throws Exception {
            armed.set(true);
            Future<T> response = thread.submit(read);
            assertThat(reached.await(10, TimeUnit.SECONDS))
                    .as("the read reached the pause")
                    .isTrue();
            try {
                write.call();
            } finally {
                resume.countDown();
            }
            return response.get(10, TimeUnit.SECONDS);
        }
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
        PauseAfter pause = new PauseAfter("GROUP BY bucket_start");
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
        PauseAfter pause = new PauseAfter("GROUP BY bucket_start");
        try (SessionStore store = openWithFixture(readPath, pause)) {
            Instant from = Instant.parse("2026-01-01T00:00:00Z");
            Instant to = Instant.parse("2027-01-01T00:00:00Z");
            TokenTimeline timeline = pause.around(
                    reader, () -> store.queries().globalTimeline(Bucket.DAY, from, to), () -> addOutputTokens(store));
            assertThat(timeline.isConsistent()).isEqualTo(consistent);
        }
    }

    @ParameterizedTest(name = "read_path={0}")
    @CsvSource({"plain, false", "snapshot, true"})
    void catalogListMixesStatesOnlyOnThePlainPath(String readPath, boolean consistent) throws Exception {
        PauseAfter pause = new PauseAfter("SELECT artifact_count");
        try (SessionStore store = SessionStore.open(TestStores.config(dir, Settings.READ_PATH, readPath), pause)) {
            CatalogSeed seed = new CatalogSeed(1, 20, 0, 1);
            store.catalog().seed(seed);
            store.catalog().importArtifacts(1, 5, 5, Duration.ZERO);
            ArtifactPage page = pause.around(
                    reader,
                    () -> store.catalog().listArtifacts(1, 100),
                    () -> store.catalog().importArtifacts(1, 10, 10, Duration.ZERO));
            assertThat(page.isConsistent()).isEqualTo(consistent);
            assertThat(store.catalog().listArtifacts(1, 100).isConsistent())
                    .as("an undisturbed read")
                    .isTrue();
        }
    }
}
