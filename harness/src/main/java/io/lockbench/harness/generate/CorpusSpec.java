package io.lockbench.harness.generate;

import io.lockbench.store.config.InvalidConfigException;
import java.time.Instant;

/**
 * What a synthetic transcript corpus looks like. The same spec and seed always give the same bytes.
 *
 * @param sessions      session files to write
 * @param turns         user/assistant turns per session
 * @param projects      project directories the sessions are spread over
 * @param textBytes     typical size of a prompt or reply text (actual sizes vary around it)
 * @param start         timestamp of the first session
 * @param days          days the sessions are spread over
 * @param malformedRate fraction of lines replaced by a truncated line (0 for a clean corpus)
 */
public record CorpusSpec(
        long seed,
        int sessions,
        int turns,
        int projects,
        int textBytes,
        Instant start,
        int days,
        double malformedRate) {

    public CorpusSpec {
        positive("sessions", sessions, 1_000_000);
        positive("turns", turns, 100_000);
        positive("projects", projects, 10_000);
        positive("text_bytes", textBytes, 10_000_000);
        positive("days", days, 36_500);
        if (!(malformedRate >= 0 && malformedRate <= 1)) {
            throw new InvalidConfigException("malformed_rate", "must be between 0 and 1 but was " + malformedRate);
        }
    }

    public static CorpusSpec small(long seed) {
        return new CorpusSpec(seed, 20, 30, 3, 300, Instant.parse("2026-01-05T08:00:00Z"), 14, 0);
    }

    private static void positive(String key, long value, long max) {
        if (value < 1 || value > max) {
            throw new InvalidConfigException(key, "must be between 1 and " + max + " but was " + value);
        }
    }
}
