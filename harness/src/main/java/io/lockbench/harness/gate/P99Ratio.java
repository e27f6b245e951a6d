package io.lockbench.harness.gate;

import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Baseline against candidate on the p99 of one metric, from one histogram per block: how much larger
 * a candidate block's p99 typically is than a baseline block's, with distribution-free confidence
 * bounds.
 *
 * <p>Each block gives one p99 (at least {@link #FLOOR_MS}). With ABBA pairs, round i gives the
 * difference {@code d_i = ln(candidate p99 / baseline p99)} of two blocks run side by side; the ratio is
 * the Hodges–Lehmann estimate (the median of the Walsh averages {@code (d_i + d_j) / 2}), and its
 * bounds come from the Wilcoxon signed-rank distribution, exact up to {@value #EXACT_PAIRS} pairs. With
 * unpaired blocks (a stored baseline) the same is done with all differences between the two sides and
 * the Mann–Whitney distribution (normal approximation). Rank methods need no assumption about how a
 * block's p99 is distributed, and one block disturbed by a burst of other load moves them by one rank,
 * where it could move a pooled p99 or a mean as far as it likes.
 */
public final class P99Ratio {

    /** p99 values under this (ms) count as this much: below it nothing waited long enough to matter. */
    public static final double FLOOR_MS = 1.0;

    static final int EXACT_PAIRS = 60;

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private P99Ratio() {}

    /**
     * One comparison's data: the p99 of each side over all its blocks (for the report), the estimated
     * ratio, and the sorted Walsh averages or differences its bounds are read from.
     */
    public static final class Estimate {
        private final double baselineP99Ms;
        private final double candidateP99Ms;
        private final int baselineBlocks;
        private final int candidateBlocks;
        private final boolean paired;
        private final double[] sorted;
        private final double spread;

        Estimate(
                double baselineP99Ms,
                double candidateP99Ms,
                int baselineBlocks,
                int candidateBlocks,
                boolean paired,
                double[] sorted,
                double spread) {
            this.baselineP99Ms = baselineP99Ms;
            this.candidateP99Ms = candidateP99Ms;
            this.baselineBlocks = baselineBlocks;
            this.candidateBlocks = candidateBlocks;
            this.paired = paired;
            this.sorted = sorted;
            this.spread = spread;
        }

        public double baselineP99Ms() {
            return baselineP99Ms;
        }

        public double candidateP99Ms() {
            return candidateP99Ms;
        }

        public int baselineBlocks() {
            return baselineBlocks;
        }

        public int candidateBlocks() {
            return candidateBlocks;
        }

        public boolean paired() {
            return paired;
        }

        /** The estimated ratio of a candidate block's p99 to a baseline block's. */
        public double ratio() {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int m = sorted.length;
            return Math.exp(m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2);
        }

        /** A bound on the ratio that it lies under with probability at most {@code alpha}; 0 when there are too few blocks. */
        public double lowerBound(double alpha) {
            int c = critical(alpha);
            return c < 0 ? 0 : Math.exp(sorted[c]);
        }

        /** A bound on the ratio that it lies over with probability at most {@code alpha}; infinite when there are too few blocks. */
        public double upperBound(double alpha) {
            int c = critical(alpha);
            return c < 0 ? Double.POSITIVE_INFINITY : Math.exp(sorted[sorted.length - 1 - c]);
        }

        /**
         * The approximate standard error of the log ratio (from the spread of the differences, as the
         * Hodges–Lehmann estimator's large-sample variance gives it), for the detectable effect and the
         * blocks-needed estimate; infinite with fewer than two.
         */
        public double logSe() {
            int n = paired ? baselineBlocks : Math.min(baselineBlocks, candidateBlocks);
            if (n < 2) {
                return Double.POSITIVE_INFINITY;
            }
            double effective = paired ? n : 1.0 / (1.0 / baselineBlocks + 1.0 / candidateBlocks);
            return Math.max(0.005, spread * Math.sqrt(Math.PI / 3 / effective));
        }

        /**
         * The largest 0-based index c such that the rank statistic is at most c with probability at most
         * {@code alpha}, or -1 when even its smallest value is likelier than that.
         */
        private int critical(double alpha) {
            if (sorted.length == 0) {
                return -1;
            }
            if (paired) {
                return signedRankCritical(baselineBlocks, alpha);
            }
            return mannWhitneyCritical(baselineBlocks, candidateBlocks, alpha);
        }
    }

    public static Estimate estimate(List<Histogram> baselineBlocks, List<Histogram> candidateBlocks, boolean paired) {
        double[] base = baselineBlocks.stream().mapToDouble(P99Ratio::logP99).toArray();
        double[] cand = candidateBlocks.stream().mapToDouble(P99Ratio::logP99).toArray();
        return fromLogs(base, cand, paired, pooledP99Ms(baselineBlocks), pooledP99Ms(candidateBlocks));
    }

    /**
     * The same comparison of one number per block (a total time, a count), each at least {@code floor}:
     * the ratio of a candidate block's value to a baseline block's. The report's "p99" of each side is
     * then the median of its blocks.
     */
    public static Estimate estimateValues(
            double[] baselineBlocks, double[] candidateBlocks, boolean paired, double floor) {
        double[] base = Arrays.stream(baselineBlocks)
                .map(v -> Math.log(Math.max(floor, v)))
                .toArray();
        double[] cand = Arrays.stream(candidateBlocks)
                .map(v -> Math.log(Math.max(floor, v)))
                .toArray();
        return fromLogs(
                base,
                cand,
                paired,
                baselineBlocks.length == 0 ? 0 : median(baselineBlocks.clone()),
                candidateBlocks.length == 0 ? 0 : median(candidateBlocks.clone()));
    }

    private static Estimate fromLogs(
            double[] base, double[] cand, boolean paired, double pooledBase, double pooledCand) {
        boolean pairs = paired && base.length == cand.length;
        double[] sorted;
        double[] differences;
        if (pairs) {
            differences = new double[base.length];
            for (int i = 0; i < base.length; i++) {
                differences[i] = cand[i] - base[i];
            }
            sorted = new double[base.length * (base.length + 1) / 2];
            int k = 0;
            for (int i = 0; i < base.length; i++) {
                for (int j = i; j < base.length; j++) {
                    sorted[k++] = (differences[i] + differences[j]) / 2;
                }
            }
        } else {
            sorted = new double[base.length * cand.length];
            int k = 0;
            for (double b : base) {
                for (double c : cand) {
                    sorted[k++] = c - b;
                }
            }
            differences = sorted.clone();
        }
        Arrays.sort(sorted);
        return new Estimate(
                pooledBase,
                pooledCand,
                base.length,
                cand.length,
                pairs,
                sorted,
                robustSpread(pairs ? differences : spreadOfSides(base, cand)));
    }

    private static double logP99(Histogram block) {
        return Math.log(Math.max(FLOOR_MS, p99Ms(block)));
    }

    static double p99Ms(Histogram h) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99) / 1e6;
    }

    static double pooledP99Ms(List<Histogram> blocks) {
        if (blocks.isEmpty()) {
            return 0;
        }
        Histogram sum = new Histogram(1, 3_600_000_000_000L, 2);
        blocks.forEach(sum::add);
        return p99Ms(sum);
    }

    /** Each side's values around its own median, pooled: the block-to-block spread of an unpaired comparison. */
    private static double[] spreadOfSides(double[] base, double[] cand) {
        double[] centred = new double[base.length + cand.length];
        double mb = median(base.clone());
        double mc = median(cand.clone());
        for (int i = 0; i < base.length; i++) {
            centred[i] = base[i] - mb;
        }
        for (int i = 0; i < cand.length; i++) {
            centred[base.length + i] = cand[i] - mc;
        }
        return centred;
    }

    /** The median absolute deviation scaled to a normal standard deviation. */
    private static double robustSpread(double[] values) {
        if (values.length < 2) {
            return Double.POSITIVE_INFINITY;
        }
        double m = median(values.clone());
        double[] deviations = Arrays.stream(values).map(v -> Math.abs(v - m)).toArray();
        return 1.4826 * median(deviations);
    }

    /** The median of {@code values}, which it sorts in place (pass a copy to keep their order). */
    static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /**
     * The largest c with P(T+ ≤ c) ≤ alpha for Wilcoxon's signed-rank statistic T+ of n pairs, or -1:
     * exact (by counting the subsets of ranks with each sum) up to {@value #EXACT_PAIRS} pairs, normal
     * with continuity correction beyond.
     */
    static int signedRankCritical(int n, double alpha) {
        if (n < 1) {
            return -1;
        }
        int max = n * (n + 1) / 2;
        if (n <= EXACT_PAIRS) {
            double[] ways = new double[max + 1];
            ways[0] = 1;
            for (int rank = 1; rank <= n; rank++) {
                for (int s = rank * (rank + 1) / 2; s >= rank; s--) {
                    ways[s] += ways[s - rank];
                }
            }
            double total = Math.pow(2, n);
            double cumulative = 0;
            int c = -1;
            for (int s = 0; s <= max; s++) {
                cumulative += ways[s] / total;
                if (cumulative > alpha) {
                    break;
                }
                c = s;
            }
            return c;
        }
        double mean = n * (n + 1) / 4.0;
        double sd = Math.sqrt(n * (n + 1) * (2.0 * n + 1) / 24);
        return (int) Math.floor(mean + sd * NORMAL.inverseCumulativeProbability(alpha) - 0.5);
    }

    /** The same for the Mann–Whitney statistic U of samples of m and n, by its normal approximation. */
    static int mannWhitneyCritical(int m, int n, double alpha) {
        if (m < 1 || n < 1) {
            return -1;
        }
        double mean = m * n / 2.0;
        double sd = Math.sqrt(m * n * (m + n + 1) / 12.0);
        int c = (int) Math.floor(mean + sd * NORMAL.inverseCumulativeProbability(alpha) - 0.5);
        return Math.min(c, m * n - 1);
    }
}
