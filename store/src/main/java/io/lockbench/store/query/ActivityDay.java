package io.lockbench.store.query;

import java.time.LocalDate;

/** What happened on one UTC day: sessions with any message, messages, and tokens used. */
public record ActivityDay(LocalDate day, long sessions, long messages, long tokens) {}
