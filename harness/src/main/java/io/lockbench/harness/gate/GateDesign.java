package io.lockbench.harness.gate;

import java.util.Locale;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * How a gate turns estimates into verdicts, with the error rates it promises.
 *
 * <p>Each comparison gets an interval of its p99 ratio from {@link P99Ratio}'s rank bounds. PASS needs
 * the whole interval at or under {@code 1 + tolerance}, REGRESSION needs it wholly above; anything else
 * is undecided. The two ends are set by the two claims a gate can make:
 *
 * <ul>
 *   <li>REGRESSION is claimed when any one comparison regresses, so a false alarm can come from any of
 *       them: the lower ends are Bonferroni-adjusted over all {@code comparisons} (workloads × metrics),
 *       which keeps the chance of any false REGRESSION at or under {@code alpha} whatever their
 *       correlation.
 *   <li>PASS is claimed only when every comparison passes (an intersection-union test), so a false PASS
 *       needs the one comparison that really regressed to pass on its own: the upper ends are one-sided
 *       at {@code alpha} without adjustment.
 * </ul>
 *
 * <p>A sequential gate looks at its blocks up to {@code looks} times, planned before the first verdict
 * from how long a round of blocks takes; each look spends {@code alpha / looks}, so both error rates
 * stay at or under {@code alpha} over all looks together (Bonferroni again, now over looks).
 */
public record GateDesign(double tolerance, double alpha, int comparisons, int looks) {

    /** Power the detectable effect is quoted at. */
    static final double POWER = 0.80;
    /** Blocks-needed estimates are capped here: beyond it the answer is "not in any reasonable time". */
    static final int MAX_BLOCKS_NEEDED = 10_000;

    public GateDesign {
        if (!(tolerance >= 0) || !(alpha > 0 && alpha < 0.5) || comparisons < 1 || looks < 1) {
            throw new IllegalArgumentException("tolerance " + tolerance + ", alpha " + alpha + ", comparisons "
                    + comparisons + ", looks " + looks);
        }
    }

    public double limit() {
        return 1 + tolerance;
    }

    /** The part of alpha spent at each look. */
    public double lookAlpha() {
        return alpha / looks;
    }

    /** How to say the design in one sentence of a report. */
    public String describe() {
        return String.format(
                Locale.ROOT,
                "false-alarm rate at most %s over all %d comparisons together (Bonferroni on the lower ends);"
                        + " a PASS needs every upper end at or under %.2f (one-sided at %s each)%s",
                percent(alpha),
                comparisons,
                limit(),
                percent(alpha),
                looks > 1 ? "; " + percent(alpha) + " split evenly over up to " + looks + " looks at the blocks" : "");
    }

    /** One comparison's interval and verdict at one look. */
    public Comparison decide(String workload, String metric, P99Ratio.Estimate e) {
        double lookAlpha = lookAlpha();
        double limit = limit();
        double low = e.lowerBound(lookAlpha / comparisons);
        double high = e.upperBound(lookAlpha);
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        double zLow = normal.inverseCumulativeProbability(1 - lookAlpha / comparisons);
        double zHigh = normal.inverseCumulativeProbability(1 - lookAlpha);
        double zPower = normal.inverseCumulativeProbability(POWER);
        double detectable = limit * Math.exp((zLow + zPower) * e.logSe());
        Verdict verdict = low > limit ? Verdict.REGRESSION : high <= limit ? Verdict.PASS : Verdict.INCONCLUSIVE;
        int needed = 0;
        String reason;
        switch (verdict) {
            case REGRESSION -> reason = String.format(Locale.ROOT, "the whole interval is above %.2f", limit);
            case PASS -> reason = String.format(Locale.ROOT, "the whole interval is at or under %.2f", limit);
            default -> {
                double log = Math.log(e.ratio());
                needed = moreBlocks(e, log > Math.log(limit) ? zLow : zHigh, Math.abs(log - Math.log(limit)));
                reason = (low == 0 && Double.isInfinite(high)
                                ? "too few blocks for an interval at this confidence: "
                                : String.format(Locale.ROOT, "the interval spans %.2f: ", limit))
                        + (needed >= MAX_BLOCKS_NEEDED
                                ? "the ratio is too close to it to decide in any reasonable number of blocks"
                                : "about " + needed + (needed == 1 ? " more block" : " more blocks")
                                        + " a side would decide");
            }
        }
        return new Comparison(workload, metric, e, low, high, verdict, reason, detectable, needed, TIME_TIER, limit);
    }

    /**
     * Blocks a side to add before the interval would clear the limit, if the ratio stayed where it is:
     * the standard error falls as one over the square root of the block count.
     */
    private static int moreBlocks(P99Ratio.Estimate e, double z, double distance) {
        int n = Math.min(e.baselineBlocks(), e.candidateBlocks());
        if (!(distance > 0) || Double.isInfinite(e.logSe())) {
            return MAX_BLOCKS_NEEDED;
        }
        double total = n * Math.pow(z * e.logSe() / distance, 2);
        return (int) Math.min(MAX_BLOCKS_NEEDED, Math.max(1, Math.ceil(total) - n));
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.3g%%", 100 * fraction);
    }

    /**
     * One workload and metric at one look.
     *
     * @param detectable the smallest true ratio this many blocks would call a regression with 80% power
     * @param low          the interval's lower end (0 when there are too few blocks for one)
     * @param high         its upper end (infinite when there are too few blocks for one)
     * @param blocksNeeded for an undecided comparison, about how many more blocks a side would decide it
     *     (0 when decided)
     * @param tier         {@link #TIME_TIER} for a wall-clock tail, {@link CountTier#TIER} for a count
     * @param limit        the ratio past which this row's estimate leans toward a regression (for a tail, by
     *     more than its standard error): {@code 1 + tolerance} for a tail; for a count, 1 plus what is allowed
     *     (the tolerance, or the count's smallest step where that is more) and one standard error of the
     *     difference of the medians, relative to the baseline's median
     */
    public record Comparison(
            String workload,
            String metric,
            P99Ratio.Estimate estimate,
            double low,
            double high,
            Verdict verdict,
            String reason,
            double detectable,
            int blocksNeeded,
            String tier,
            double limit) {

        /**
         * Whether this row's estimate lies past its limit by more than its own standard error: it leans
         * toward a regression. (A tail's p99 ratio from three pairs of an A/A gate lands past 1.10 often,
         * by noise alone; one standard error past it, a hold 50% longer still leans at once.)
         */
        public boolean leans() {
            double ratio = estimate.ratio();
            if (ratio <= limit) {
                return false;
            }
            double se = estimate.logSe();
            return !(Math.log(ratio / limit) <= (Double.isFinite(se) ? se : 0));
        }

        public boolean countTier() {
            return CountTier.TIER.equals(tier);
        }
    }

    /** The tier of the rank statistics on wall-clock tails. */
    public static final String TIME_TIER = "time";
}
