package io.lockbench.harness.gate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The count tier of a gate: what each write transaction did, counted, not timed (write transactions per
 * block, statements, syncs, write calls and bytes per transaction, and the CPU time of the holding thread). A program repeats these exactly or
 * nearly, so a change shows in a couple of blocks where a wall-clock tail needs dozens. A count regresses
 * when the candidate's median is above the baseline's by more than the tolerance (the gate's, relative,
 * or the metric's own smallest step, whichever is larger) plus a margin for the blocks' own variation (1.645
 * standard errors of the difference of the two medians, from each side's median absolute deviation: the A/A
 * variation inside this gate, which counts less as blocks are added), and, with fewer than six blocks a
 * side, above every baseline block; it passes when even that margin cannot carry it past the tolerance. Fewer counts (fewer syncs, shorter
 * transactions) are never a regression.
 */
public final class CountTier {

    /** The tier a comparison belongs to, in reports. */
    public static final String TIER = "count";

    /** Blocks a side before a count is decided. */
    static final int MIN_BLOCKS = 2;

    /** One-sided 95%: how many standard errors of the difference of the medians a change must clear. */
    static final double MARGIN_Z = 1.645;

    /** Fewer blocks a side than this also need the candidate's median above every baseline block. */
    static final int FEW_BLOCKS = 6;

    /**
     * One count: its name in reports and what it is per, and the smallest change that is one (a fifth of a
     * statement or sync per transaction: less is rounding of a mean, not a change of the program).
     */
    public record Metric(String name, String per, double smallestChange, boolean exact) {

        /** A count that blocks of one build repeat exactly or nearly. */
        Metric(String name, String per, double smallestChange) {
            this(name, per, smallestChange, true);
        }
    }

    public static final Metric TRANSACTIONS = new Metric("transactions", "block", 1);
    /**
     * Write transactions per operation of a scenario's workload: a transaction split in two, or work that
     * begins committing per item, doubles it, whatever the block's length or the workload's pace.
     */
    public static final Metric TRANSACTIONS_PER_OP = new Metric("transactions_per_op", "operation", 0.2);

    public static final Metric STATEMENTS = new Metric("statements_per_tx", "write transaction", 0.2);
    public static final Metric SYNCS = new Metric("syncs_per_tx", "write transaction", 0.2);
    public static final Metric WRITES = new Metric("writes_per_tx", "write transaction", 0.2);
    public static final Metric BYTES = new Metric("bytes_per_tx", "write transaction", 512);
    /**
     * CPU time the holding thread used while it held the lock: not an exact count, but the thread's own
     * clock, which a loaded machine's waiting for a core does not advance, though a JIT compiler, a collector
     * or a cache shared with other work does (by 8-14% a block in a JVM five seconds old); its blocks'
     * variation is part of what it must exceed.
     */
    public static final Metric CPU = new Metric("cpu_ms_per_tx", "write transaction", 0.05, false);

    public static final List<Metric> METRICS = List.of(TRANSACTIONS, STATEMENTS, SYNCS, WRITES, BYTES, CPU);

    private static final List<Metric> ALL =
            List.of(TRANSACTIONS, TRANSACTIONS_PER_OP, STATEMENTS, SYNCS, WRITES, BYTES, CPU);

    private CountTier() {}

    /** Whether {@code metric} is one of the count tier's. */
    public static boolean isCount(String metric) {
        return ALL.stream().anyMatch(m -> m.name().equals(metric));
    }

    /** Whether {@code metric} is a count the blocks repeat exactly or nearly (not the CPU time). */
    public static boolean exact(String metric) {
        return ALL.stream().anyMatch(m -> m.name().equals(metric) && m.exact());
    }

    /** One count compared: the blocks' values of each side, and what a change of it means here. */
    public static GateDesign.Comparison decide(
            String workload, Metric metric, double[] baseline, double[] candidate, double tolerance, String explain) {
        double medianBase = baseline.length == 0 ? 0 : P99Ratio.median(baseline.clone());
        double medianCand = candidate.length == 0 ? 0 : P99Ratio.median(candidate.clone());
        double ratio = medianBase > 0 ? medianCand / medianBase : medianCand > 0 ? Double.POSITIVE_INFINITY : 1;
        P99Ratio.Estimate estimate = new P99Ratio.Estimate(
                medianBase,
                medianCand,
                baseline.length,
                candidate.length,
                false,
                new double[] {Math.log(Math.max(ratio, 1e-12))},
                0);
        if (baseline.length < MIN_BLOCKS || candidate.length < MIN_BLOCKS) {
            return new GateDesign.Comparison(
                    workload,
                    metric.name(),
                    estimate,
                    0,
                    Double.POSITIVE_INFINITY,
                    Verdict.INCONCLUSIVE,
                    "a count is decided from " + MIN_BLOCKS + " blocks a side",
                    Double.POSITIVE_INFINITY,
                    MIN_BLOCKS - Math.min(baseline.length, candidate.length),
                    TIER,
                    Double.POSITIVE_INFINITY);
        }
        double deviationBase = deviation(baseline);
        double deviationCand = deviation(candidate);
        double spread = Math.max(deviationBase, deviationCand);
        // How far the two medians could lie apart by the blocks' own variation alone: a median's standard
        // error is about 1.25 sigma / sqrt(n), and sigma about 1.48 times the median absolute deviation.
        double margin = MARGIN_Z
                * 1.25
                * 1.48
                * Math.sqrt(deviationBase * deviationBase / baseline.length
                        + deviationCand * deviationCand / candidate.length);
        double allowed = Math.max(metric.smallestChange(), tolerance * Math.abs(medianBase));
        double change = medianCand - medianBase;
        double low = medianBase > 0 ? min(candidate) / max(baseline) : 0;
        double high = medianBase > 0 && min(baseline) > 0 ? max(candidate) / min(baseline) : Double.POSITIVE_INFINITY;
        double detectable = medianBase > 0 ? 1 + (allowed + margin) / medianBase : Double.POSITIVE_INFINITY;
        // With a few blocks a median absolute deviation can be near 0 by chance: then the candidate's median
        // must also lie above every baseline block.
        boolean many = Math.min(baseline.length, candidate.length) >= FEW_BLOCKS;
        boolean aboveTheBaseline = many || medianCand > max(baseline);
        // A CPU time is no exact count: from a few blocks it may lean (and keep the gate running), not regress.
        boolean mayRegress = metric.exact() || many;
        String moved = String.format(
                Locale.ROOT,
                "%s %s → %s per %s%s",
                metric.name(),
                format(medianBase),
                format(medianCand),
                metric.per(),
                explain == null || explain.isEmpty() ? "" : " (" + explain + ")");
        Verdict verdict;
        String reason;
        if (change > allowed + margin && aboveTheBaseline && mayRegress) {
            verdict = Verdict.REGRESSION;
            reason = moved + String.format(Locale.ROOT, ": more than the %s allowed", format(allowed));
        } else if (change + margin <= allowed) {
            verdict = Verdict.PASS;
            reason = String.format(
                    Locale.ROOT,
                    "%s %s per %s, within %s (the blocks vary by %s)",
                    metric.name(),
                    format(medianCand),
                    metric.per(),
                    format(allowed),
                    format(spread));
        } else {
            verdict = Verdict.INCONCLUSIVE;
            reason = moved
                    + String.format(
                            Locale.ROOT,
                            ": the blocks vary by %s, against %s allowed; more blocks would settle it",
                            format(spread),
                            format(allowed));
        }
        return new GateDesign.Comparison(
                workload,
                metric.name(),
                estimate,
                verdict == Verdict.INCONCLUSIVE ? low : ratio,
                verdict == Verdict.INCONCLUSIVE ? high : ratio,
                verdict,
                reason,
                detectable,
                verdict == Verdict.INCONCLUSIVE ? MIN_BLOCKS : 0,
                TIER,
                // It leans once its median grew by more than allowed plus one standard error of the medians'
                // difference: as a tail leans past its limit by more than its own standard error.
                medianBase > 0 ? 1 + (allowed + margin / MARGIN_Z) / medianBase : Double.POSITIVE_INFINITY);
    }

    static String format(double v) {
        return Math.abs(v) >= 100 || v == Math.rint(v)
                ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    /**
     * How far a side's blocks typically lie from their median (the median absolute deviation): unlike their
     * range, it does not grow as blocks are added, and one odd block (a checkpoint, a WAL recovery) moves
     * it little.
     */
    private static double deviation(double[] values) {
        double median = P99Ratio.median(values.clone());
        double[] deviations =
                Arrays.stream(values).map(v -> Math.abs(v - median)).toArray();
        return P99Ratio.median(deviations);
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
