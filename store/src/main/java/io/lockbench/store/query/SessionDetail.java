package io.lockbench.store.query;

import java.util.Map;

/** One session with its message mix and tool use, all read from one snapshot. */
public record SessionDetail(
        SessionSummary session,
        Map<String, Long> messagesByType,
        long sidechainMessages,
        long toolCalls,
        long toolErrors) {}
