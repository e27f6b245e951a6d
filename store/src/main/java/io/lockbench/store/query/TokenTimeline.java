package io.lockbench.store.query;

import java.util.List;

/**
 * Token use over time, for one session or for all. {@code total} is computed by its own query in
 * the same read transaction as the points, so {@link #isConsistent()} holds whenever the response
 * comes from one snapshot; reads that mix database states can break it.
 */
public record TokenTimeline(String sessionId, Bucket bucket, List<TimelinePoint> points, TokenTotals total) {

    public TokenTotals sumOfPoints() {
        TokenTotals sum = TokenTotals.ZERO;
        for (TimelinePoint point : points) {
            sum = sum.plus(point.tokens());
        }
        return sum;
    }

    public boolean isConsistent() {
        return sumOfPoints().equals(total);
    }
}
