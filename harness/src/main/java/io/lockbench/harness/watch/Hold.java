package io.lockbench.harness.watch;

import java.time.Instant;

/**
 * One write-lock hold as the samples saw it. Its ends are estimated at the middle between the last
 * sample without the lock and the first with it (and the other way round), so the error is at most
 * half a sample gap at each end; a hold shorter than the gap between two samples may not be seen at all.
 */
public record Hold(Holder holder, Instant start, long nanos, long resolutionNanos) {}
