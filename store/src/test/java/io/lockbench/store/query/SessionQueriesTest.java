package io.lockbench.store.query;

import static io.lockbench.store.TestStores.SESSION_A;
import static io.lockbench.store.TestStores.SESSION_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.importer.ImportOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionQueriesTest {

    @TempDir
    Path dir;

    private Path root;

    @BeforeEach
    void fixture() {
        root = TestStores.copyFixture(dir);
    }

    private SessionStore open(String readPath) throws IOException {
        SessionStore store = SessionStore.open(TestStores.config(dir).with("read_path", readPath));
        store.importer().importAll(root, ImportOptions.defaults());
        return store;
    }

    @ParameterizedTest
    @ValueSource(strings = {"snapshot", "plain"})
    void listSessions_ordersByLastActivity_andPages(String readPath) throws IOException {
        try (SessionStore store = open(readPath)) {
            SessionPage first = store.queries().listSessions(0, 1);
            assertThat(first.totalSessions()).isEqualTo(2);
            assertThat(first.sessions()).extracting(SessionSummary::sessionId).containsExactly(SESSION_B);
            SessionPage second = store.queries().listSessions(1, 1);
            assertThat(second.sessions()).extracting(SessionSummary::sessionId).containsExactly(SESSION_A);
            assertThat(second.sessions().get(0).tokens().total()).isEqualTo(20 + 81 + 100 + 100);
        }
    }

    @Test
    void activeSessions_returnsOnlySessionsActiveSinceTheInstant() throws IOException {
        try (SessionStore store = open("snapshot")) {
            assertThat(store.queries().activeSessions(Instant.parse("2026-03-10T00:00:00Z")))
                    .extracting(SessionSummary::sessionId)
                    .containsExactly(SESSION_B);
            assertThat(store.queries().activeSessions(Instant.parse("2026-03-09T09:02:30Z")))
                    .extracting(SessionSummary::sessionId)
                    .containsExactly(SESSION_B, SESSION_A);
        }
    }

    @Test
    void session_unknownId_isEmpty() throws IOException {
        try (SessionStore store = open("snapshot")) {
            assertThat(store.queries().session("nope")).isEmpty();
            assertThat(store.queries().sessionTimeline("nope", Bucket.HOUR)).isEmpty();
        }
    }

    @Test
    void sessionTimeline_bucketsByMinute_andSumsToTheSessionTotal() throws IOException {
        try (SessionStore store = open("snapshot")) {
            TokenTimeline timeline =
                    store.queries().sessionTimeline(SESSION_A, Bucket.MINUTE).orElseThrow();
            assertThat(timeline.points())
                    .extracting(TimelinePoint::bucketStart)
                    .containsExactly(
                            Instant.parse("2026-03-09T09:00:00Z"), Instant.parse("2026-03-09T09:01:00Z"),
                            Instant.parse("2026-03-09T09:02:00Z"), Instant.parse("2026-03-09T09:03:00Z"));
            assertThat(timeline.total()).isEqualTo(new TokenTotals(4, 20, 81, 100, 100));
            assertThat(timeline.isConsistent()).isTrue();
        }
    }

    @Test
    void globalTimeline_byDay_coversTheRangeOnly() throws IOException {
        try (SessionStore store = open("snapshot")) {
            TokenTimeline all =
                    store.queries().globalTimeline(Bucket.DAY, Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z"));
            assertThat(all.points()).hasSize(2);
            assertThat(all.total().output()).isEqualTo(81 + 30);
            TokenTimeline firstDay =
                    store.queries().globalTimeline(Bucket.DAY, Instant.EPOCH, Instant.parse("2026-03-10T00:00:00Z"));
            assertThat(firstDay.points())
                    .singleElement()
                    .satisfies(p -> assertThat(p.tokens().output()).isEqualTo(81));
        }
    }

    @Test
    void globalTimeline_fromHourlyRollup_equalsTheSameTimelineFromResponses() throws IOException {
        try (SessionStore store = open("snapshot")) {
            Instant to = Instant.parse("2030-01-01T00:00:00Z");
            for (Bucket bucket : new Bucket[] {Bucket.HOUR, Bucket.DAY}) {
                TokenTimeline rollup = store.queries().globalTimeline(bucket, Instant.EPOCH, to);
                TokenTimeline raw = store.queries().globalTimeline(bucket, Instant.EPOCH.plusMillis(1), to);
                assertThat(rollup.points()).isEqualTo(raw.points()).isNotEmpty();
                assertThat(rollup.total()).isEqualTo(raw.total());
            }
        }
    }

    @Test
    void activity_countsSessionsMessagesAndTokensPerDay() throws IOException {
        try (SessionStore store = open("snapshot")) {
            assertThat(store.queries().activity(Instant.EPOCH, Instant.parse("2030-01-01T00:00:00Z")))
                    .containsExactly(
                            new ActivityDay(LocalDate.parse("2026-03-09"), 1, 8, 301),
                            new ActivityDay(LocalDate.parse("2026-03-10"), 1, 2, 37));
        }
    }
}
