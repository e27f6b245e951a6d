package io.lockbench.store.query;

import java.time.Instant;

/** Token use of the responses whose first line falls in one bucket. */
public record TimelinePoint(Instant bucketStart, TokenTotals tokens) {}
