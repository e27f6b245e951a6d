package io.lockbench.harness.bench;

import io.lockbench.store.SessionStore;
import io.lockbench.store.query.Bucket;
import io.lockbench.store.query.SessionSummary;
import io.lockbench.store.transcript.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;

/** Latency of the read repository's requests on an existing store, one thread, after a warm-up. */
public final class QueryBenchmark {

    private final SessionStore store;
    private final long seed;

    public QueryBenchmark(SessionStore store, long seed) {
        this.store = store;
        this.seed = seed;
    }

    /** Histograms in microseconds, by request. */
    public Map<String, Histogram> run(int iterations) {
        List<String> sessions = new ArrayList<>();
        int page = 0;
        while (true) {
            List<SessionSummary> batch =
                    store.queries().listSessions(page * 1000, 1000).sessions();
            batch.forEach(s -> sessions.add(s.sessionId()));
            if (batch.size() < 1000) {
                break;
            }
            page++;
        }
        if (sessions.isEmpty()) {
            throw new InvalidInputException("the store has no sessions: import a corpus first");
        }
        Random random = new Random(seed);
        Instant from = Instant.EPOCH;
        Instant to = Instant.parse("9999-01-01T00:00:00Z");
        Map<String, Histogram> results = new LinkedHashMap<>();
        results.put(
                "session timeline (hour)",
                measure(
                        iterations,
                        i -> store.queries()
                                .sessionTimeline(sessions.get(random.nextInt(sessions.size())), Bucket.HOUR)));
        results.put(
                "session timeline (minute)",
                measure(
                        iterations,
                        i -> store.queries()
                                .sessionTimeline(sessions.get(random.nextInt(sessions.size())), Bucket.MINUTE)));
        results.put(
                "global timeline (day, all time)",
                measure(Math.max(10, iterations / 10), i -> store.queries().globalTimeline(Bucket.DAY, from, to)));
        results.put(
                "global timeline (hour, all time)",
                measure(Math.max(10, iterations / 10), i -> store.queries().globalTimeline(Bucket.HOUR, from, to)));
        results.put(
                "list sessions (page of 50)",
                measure(
                        iterations,
                        i -> store.queries().listSessions(random.nextInt(Math.max(1, sessions.size() - 50)), 50)));
        results.put(
                "session by id",
                measure(iterations, i -> store.queries().session(sessions.get(random.nextInt(sessions.size())))));
        return results;
    }

    private static Histogram measure(int iterations, IntConsumer request) {
        for (int i = 0; i < Math.max(5, iterations / 10); i++) {
            request.accept(i);
        }
        Histogram histogram = new Histogram(3_600_000_000L, 3);
        for (int i = 0; i < iterations; i++) {
            long started = System.nanoTime();
            request.accept(i);
            histogram.recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
        }
        return histogram;
    }
}
