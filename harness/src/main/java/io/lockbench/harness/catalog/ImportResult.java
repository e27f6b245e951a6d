package io.lockbench.harness.catalog;

/** What an artifact import wrote: entries imported, statements executed, write transactions committed. */
public record ImportResult(int entries, long statements, int transactions) {}
