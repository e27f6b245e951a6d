package io.lockbench.harness.gate;

import java.util.List;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * Baseline against candidate on the p99 of one metric, from one histogram per block: the ratio of the
 * candidate's p99 to the baseline's over all blocks, and the bootstrap standard error of its logarithm.
 * Blocks are resampled with replacement, so the noise between blocks is what the error measures. When
 * both sides have the same number of blocks and were run in ABBA pairs, a pair is resampled as one (its
 * two blocks ran next to each other and share the machine's state then); otherwise each side is
 * resampled on its own. What the estimate means for the verdict is {@link GateDesign}'s business.
 */
public final class P99RatioBootstrap {

    /** p99 values under this (ms) count as this much: below it nothing waited long enough to matter. */
    public static final double FLOOR_MS = 1.0;
    /**
     * The smallest standard error of the log ratio the gate believes: the coarse histograms resolve a p99
     * to about 1%, and a few identical blocks must not make an interval of zero width.
     */
    static final double MIN_LOG_SE = 0.005;

    static final int RESAMPLES = 2000;

    /**
     * The p99s of both sides, their ratio and the spread of its logarithm.
     *
     * @param baselineP99Ms  the baseline's p99 over all its blocks
     * @param candidateP99Ms the candidate's p99 over all its blocks
     * @param ratio          candidate over baseline, each at least {@link #FLOOR_MS}
     * @param logSe          bootstrap standard error of {@code ln(ratio)}
     * @param degreesOfFreedom for the t quantile: pairs − 1 when paired, else the smaller side − 1
     */
    public record Estimate(
            double baselineP99Ms,
            double candidateP99Ms,
            double ratio,
            double logSe,
            int degreesOfFreedom,
            int baselineBlocks,
            int candidateBlocks,
            boolean paired) {}

    private P99RatioBootstrap() {}

    public static Estimate estimate(
            List<Histogram> baselineBlocks, List<Histogram> candidateBlocks, boolean paired, long seed) {
        // Two significant digits are plenty for a p99 ratio and make each resample a quick array sum.
        List<Histogram> baseline =
                baselineBlocks.stream().map(P99RatioBootstrap::coarse).toList();
        List<Histogram> candidate =
                candidateBlocks.stream().map(P99RatioBootstrap::coarse).toList();
        double base = p99Ms(merge(baseline));
        double cand = p99Ms(merge(candidate));
        double ratio = ratio(cand, base);
        boolean pairs = paired && baseline.size() == candidate.size();
        int df = (pairs ? baseline.size() : Math.min(baseline.size(), candidate.size())) - 1;
        if (df < 1) {
            return new Estimate(
                    base, cand, ratio, Double.POSITIVE_INFINITY, 0, baseline.size(), candidate.size(), pairs);
        }
        SplittableRandom random = new SplittableRandom(seed);
        double sum = 0;
        double sumOfSquares = 0;
        for (int i = 0; i < RESAMPLES; i++) {
            double logRatio;
            if (pairs) {
                Histogram a = empty();
                Histogram b = empty();
                for (int j = 0; j < baseline.size(); j++) {
                    int pick = random.nextInt(baseline.size());
                    a.add(baseline.get(pick));
                    b.add(candidate.get(pick));
                }
                logRatio = Math.log(ratio(p99Ms(b), p99Ms(a)));
            } else {
                logRatio = Math.log(ratio(p99Ms(resample(candidate, random)), p99Ms(resample(baseline, random))));
            }
            sum += logRatio;
            sumOfSquares += logRatio * logRatio;
        }
        double mean = sum / RESAMPLES;
        double variance = Math.max(0, sumOfSquares / RESAMPLES - mean * mean) * RESAMPLES / (RESAMPLES - 1);
        double se = Math.max(MIN_LOG_SE, Math.sqrt(variance));
        return new Estimate(base, cand, ratio, se, df, baseline.size(), candidate.size(), pairs);
    }

    static double ratio(double candidate, double baseline) {
        return Math.max(candidate, FLOOR_MS) / Math.max(baseline, FLOOR_MS);
    }

    static double p99Ms(Histogram h) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99) / 1e6;
    }

    private static final long HIGHEST = 3_600_000_000_000L;

    private static Histogram empty() {
        return new Histogram(1, HIGHEST, 2);
    }

    private static Histogram coarse(Histogram block) {
        Histogram h = empty();
        h.add(block);
        return h;
    }

    static Histogram merge(List<Histogram> blocks) {
        Histogram sum = empty();
        blocks.forEach(sum::add);
        return sum;
    }

    private static Histogram resample(List<Histogram> blocks, SplittableRandom random) {
        Histogram sum = empty();
        for (int i = 0; i < blocks.size(); i++) {
            sum.add(blocks.get(random.nextInt(blocks.size())));
        }
        return sum;
    }
}
