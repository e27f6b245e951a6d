package io.lockbench.harness.gate;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;

/**
 * Baseline against candidate on the p99 of one metric, from one histogram per block: the ratio of
 * the candidate's p99 to the baseline's over all blocks, and a percentile-bootstrap confidence
 * interval of that ratio (blocks resampled with replacement within each side, so the noise between
 * blocks is what the interval measures). A regression needs the whole interval above
 * {@code 1 + tolerance}. Below that, the point estimate decides: at or under the tolerance is a pass,
 * above it (but not proven by the interval) is inconclusive — worth another look, not a failure.
 */
public final class P99RatioBootstrap {

    /** Fewer blocks per side than this give an interval too wide to trust: inconclusive. */
    public static final int MIN_BLOCKS = 4;
    /** p99 values both under this (ms) are equal for the gate: nothing waited long enough to matter. */
    public static final double FLOOR_MS = 1.0;

    public record Result(
            double baselineP99Ms,
            double candidateP99Ms,
            double ratio,
            double low,
            double high,
            Verdict verdict,
            String reason) {}

    private P99RatioBootstrap() {}

    public static Result compare(
            List<Histogram> baselineBlocks,
            List<Histogram> candidateBlocks,
            double tolerance,
            double confidence,
            int resamples,
            long seed) {
        // Two significant digits are plenty for a p99 ratio and make each resample a quick array sum.
        List<Histogram> baseline =
                baselineBlocks.stream().map(P99RatioBootstrap::coarse).toList();
        List<Histogram> candidate =
                candidateBlocks.stream().map(P99RatioBootstrap::coarse).toList();
        double base = p99Ms(merge(baseline));
        double cand = p99Ms(merge(candidate));
        if (baseline.size() < MIN_BLOCKS || candidate.size() < MIN_BLOCKS) {
            return new Result(
                    base,
                    cand,
                    ratio(cand, base),
                    Double.NaN,
                    Double.NaN,
                    Verdict.INCONCLUSIVE,
                    "too few blocks (" + baseline.size() + " and " + candidate.size() + "; at least " + MIN_BLOCKS
                            + " each)");
        }
        if (base < FLOOR_MS && cand < FLOOR_MS) {
            return new Result(base, cand, 1, 1, 1, Verdict.PASS, "both p99 under " + FLOOR_MS + " ms");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] ratios = new double[resamples];
        for (int i = 0; i < resamples; i++) {
            ratios[i] = ratio(p99Ms(resample(candidate, random)), p99Ms(resample(baseline, random)));
        }
        java.util.Arrays.sort(ratios);
        double tail = (1 - confidence) / 2;
        double low = ratios[(int) Math.floor(tail * (resamples - 1))];
        double high = ratios[(int) Math.ceil((1 - tail) * (resamples - 1))];
        double limit = 1 + tolerance;
        double estimate = ratio(cand, base);
        Verdict verdict = low > limit ? Verdict.REGRESSION : estimate <= limit ? Verdict.PASS : Verdict.INCONCLUSIVE;
        String reason = switch (verdict) {
            case REGRESSION -> String.format(Locale.ROOT, "the whole interval is above %.2f", limit);
            case PASS -> String.format(Locale.ROOT, "ratio within %.2f", limit);
            case INCONCLUSIVE ->
                String.format(
                        Locale.ROOT,
                        "ratio above %.2f but the interval reaches below it: more blocks would decide",
                        limit);
        };
        return new Result(base, cand, estimate, low, high, verdict, reason);
    }

    private static double ratio(double candidate, double baseline) {
        return Math.max(candidate, FLOOR_MS) / Math.max(baseline, FLOOR_MS);
    }

    static double p99Ms(Histogram h) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99) / 1e6;
    }

    private static final long HIGHEST = 3_600_000_000_000L;

    private static Histogram coarse(Histogram block) {
        Histogram h = new Histogram(1, HIGHEST, 2);
        h.add(block);
        return h;
    }

    static Histogram merge(List<Histogram> blocks) {
        Histogram sum = new Histogram(1, HIGHEST, 2);
        blocks.forEach(sum::add);
        return sum;
    }

    private static Histogram resample(List<Histogram> blocks, SplittableRandom random) {
        Histogram sum = new Histogram(1, HIGHEST, 2);
        for (int i = 0; i < blocks.size(); i++) {
            sum.add(blocks.get(random.nextInt(blocks.size())));
        }
        return sum;
    }
}
