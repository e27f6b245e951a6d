package io.lockbench.store.sessions;

import java.util.List;

/** A page of sessions, most recently active first, and how many sessions there are in all. */
public record SessionPage(long totalSessions, int offset, int limit, List<SessionSummary> sessions) {}
