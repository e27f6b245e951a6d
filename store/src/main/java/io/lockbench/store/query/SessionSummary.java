package io.lockbench.store.query;

import java.time.Instant;

/** One session as listed: where it ran, when, how many messages and tokens, and its summary if any. */
public record SessionSummary(
        String sessionId,
        String projectDir,
        String cwd,
        String gitBranch,
        String version,
        Instant firstActivity,
        Instant lastActivity,
        long messages,
        TokenTotals tokens,
        String summary) {}
