package io.lockbench.store.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.importer.ImportOptions;
import io.lockbench.store.importer.ImportReport;
import io.lockbench.store.transcript.LineProblem;
import io.lockbench.store.transcript.Timestamps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * For random records, before and after 1970 and across the whole range the store keeps, the sum over
 * a timeline's buckets equals its total for every bucket size, the global total equals the total of
 * every session, and counts near the bound never overflow. Seeded, so a failure repeats.
 */
class TimelineTotalsPropertyTest {

    private static final String LINE =
            "{\"type\":\"assistant\",\"uuid\":\"%s\",\"sessionId\":\"%s\",\"timestamp\":\"%s\","
                    + "\"requestId\":\"r-%s\",\"message\":{\"id\":\"m-%s\",\"usage\":{\"input_tokens\":%d,\"output_tokens\":%d,"
                    + "\"cache_read_input_tokens\":%d}}}%n";

    @TempDir
    Path dir;

    private static Instant randomInstant(Random random) {
        return switch (random.nextInt(4)) {
            // Around the epoch, where truncation and floor differ.
            case 0 -> Instant.ofEpochMilli(random.nextInt(4 * 3_600_000) - 2 * 3_600_000L);
            case 1 -> Instant.parse("1969-12-31T23:30:00Z").plusMillis(random.nextInt(60_000));
            case 2 ->
                Instant.ofEpochMilli(Instant.parse("0001-01-01T00:00:00Z").toEpochMilli()
                        + (long) (random.nextDouble()
                                * (Instant.parse("9999-12-31T00:00:00Z").toEpochMilli()
                                        - Instant.parse("0001-01-01T00:00:00Z").toEpochMilli())));
            default -> Instant.parse("2026-03-09T00:00:00Z").plusSeconds(random.nextInt(3 * 86_400));
        };
    }

    @Test
    void bucketsSumToTheTotalForEveryBucketSizeAndEqualTheSessionsTotal() throws IOException {
        for (int trial = 0; trial < 12; trial++) {
            Random random = new Random(trial);
            Path root = dir.resolve("trial-" + trial);
            Path project = Files.createDirectories(root.resolve("-p"));
            List<String> sessions = new ArrayList<>();
            for (int s = 0; s < 1 + random.nextInt(4); s++) {
                String session = String.format("%08x-0000-4000-8000-%012d", trial, s);
                sessions.add(session);
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < 1 + random.nextInt(25); i++) {
                    String id = trial + "-" + s + "-" + i;
                    // Near the per-line bound: totals of many such lines must still be exact.
                    long big = random.nextInt(5) == 0 ? (1L << 40) - random.nextInt(1000) : random.nextInt(10_000);
                    lines.append(String.format(
                            LINE,
                            "u-" + id,
                            session,
                            randomInstant(random),
                            id,
                            id,
                            big,
                            random.nextInt(5_000),
                            random.nextInt(100_000)));
                }
                Files.writeString(project.resolve(session + ".jsonl"), lines);
            }
            try (SessionStore store =
                    SessionStore.open(TestStores.config(Files.createDirectories(dir.resolve("db-" + trial))))) {
                ImportReport report = store.importer().importAll(root, ImportOptions.defaults());
                assertThat(report.malformedLines()).isZero();
                TokenTotals sessionsTotal = TokenTotals.ZERO;
                for (String session : sessions) {
                    TokenTotals own = store.queries()
                            .session(session)
                            .orElseThrow()
                            .session()
                            .tokens();
                    sessionsTotal = sessionsTotal.plus(own);
                    for (Bucket bucket : Bucket.values()) {
                        TokenTimeline timeline =
                                store.queries().sessionTimeline(session, bucket).orElseThrow();
                        assertThat(timeline.sumOfPoints())
                                .as("trial %d session %s by %s", trial, session, bucket)
                                .isEqualTo(timeline.total());
                        assertThat(timeline.total()).isEqualTo(own);
                    }
                }
                for (Bucket bucket : Bucket.values()) {
                    TokenTimeline global = store.queries().globalTimeline(bucket);
                    assertThat(global.sumOfPoints())
                            .as("trial %d global by %s", trial, bucket)
                            .isEqualTo(global.total());
                    assertThat(global.total())
                            .as("trial %d global by %s", trial, bucket)
                            .isEqualTo(sessionsTotal);
                    for (TimelinePoint point : global.points()) {
                        assertThat(point.bucketStart().toEpochMilli() % bucket.millis())
                                .isZero();
                    }
                }
            }
        }
    }

    @Test
    void aRecordHalfAnHourBefore1970LandsInTheLastHourOf1969() throws IOException {
        Path project = Files.createDirectories(dir.resolve("projects/-p"));
        String session = "aaaaaaaa-0000-4000-8000-000000000009";
        Files.writeString(
                project.resolve(session + ".jsonl"),
                String.format(LINE, "u1", session, "1969-12-31T23:30:00Z", "1", "1", 3, 4, 0));
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            store.importer().importAll(dir.resolve("projects"), ImportOptions.defaults());
            for (Bucket bucket : List.of(Bucket.MINUTE, Bucket.HOUR)) {
                assertThat(store.queries().globalTimeline(bucket).points())
                        .extracting(TimelinePoint::bucketStart)
                        .containsExactly(
                                bucket == Bucket.HOUR
                                        ? Instant.parse("1969-12-31T23:00:00Z")
                                        : Instant.parse("1969-12-31T23:30:00Z"));
            }
            assertThat(store.queries().globalTimeline(Bucket.DAY).points())
                    .extracting(TimelinePoint::bucketStart)
                    .containsExactly(Instant.parse("1969-12-31T00:00:00Z"));
            assertThat(store.queries()
                            .globalTimeline(Bucket.HOUR, Instant.EPOCH, Timestamps.END)
                            .total())
                    .isEqualTo(TokenTotals.ZERO);
        }
    }

    @Test
    void countsAboveTwoToTheFortiethAndUnrepresentableTimestampsAreMalformedLines() throws IOException {
        Path project = Files.createDirectories(dir.resolve("projects/-p"));
        String session = "aaaaaaaa-0000-4000-8000-000000000010";
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            lines.append(String.format(
                    LINE, "big" + i, session, "2026-03-09T10:00:00Z", "b" + i, "b" + i, Long.MAX_VALUE, 1, 0));
        }
        lines.append(String.format(LINE, "edge", session, "2026-03-09T10:00:00Z", "e", "e", 1L << 40, 1, 0));
        lines.append(String.format(LINE, "far", session, "+20000-01-01T00:00:00Z", "f", "f", 1, 1, 0));
        lines.append(String.format(LINE, "old", session, "-0001-01-01T00:00:00Z", "o", "o", 1, 1, 0));
        Files.writeString(project.resolve(session + ".jsonl"), lines);
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            ImportReport report = store.importer().importAll(dir.resolve("projects"), ImportOptions.defaults());
            assertThat(report.malformedLines()).isEqualTo(5);
            assertThat(report.problems())
                    .extracting(LineProblem::reason)
                    .anySatisfy(r -> assertThat(r).contains("input_tokens above 2^40"))
                    .anySatisfy(r -> assertThat(r).contains("outside 0001-01-01"));
            SessionSummary summary =
                    store.queries().listSessions(0, 10).sessions().get(0);
            assertThat(summary.tokens().input()).isEqualTo(1L << 40);
            assertThat(store.queries().globalTimeline(Bucket.HOUR).total().input())
                    .isEqualTo(1L << 40);
        }
    }
}
