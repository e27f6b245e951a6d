package io.lockbench.harness.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The count tier decides from a couple of blocks what a program repeats exactly, allows the spread the
 * blocks themselves show, never calls fewer counts a regression, and lets a gate pass on its counts
 * only while no undecided tail leans past the limit.
 */
class CountTierTest {

    private static GateDesign.Comparison decide(CountTier.Metric metric, double[] baseline, double[] candidate) {
        return CountTier.decide("command", metric, baseline, candidate, 0.10, "");
    }

    @Test
    void aSyncAddedToEveryCommit_isARegressionFromTwoBlocksASide() {
        GateDesign.Comparison c = decide(CountTier.SYNCS, new double[] {0, 0}, new double[] {1, 1});
        assertThat(c.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(c.reason()).contains("syncs_per_tx 0 → 1 per write transaction");
        assertThat(c.countTier()).isTrue();
    }

    @Test
    void identicalCounts_pass_andOneBlockASideDecidesNothing() {
        assertThat(decide(CountTier.STATEMENTS, new double[] {2, 2}, new double[] {2, 2})
                        .verdict())
                .isEqualTo(Verdict.PASS);
        assertThat(decide(CountTier.STATEMENTS, new double[] {2}, new double[] {3})
                        .verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void fewerCounts_areNeverARegression() {
        assertThat(decide(CountTier.TRANSACTIONS, new double[] {500, 500}, new double[] {250, 250})
                        .verdict())
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void aChangeWithinTheSpreadTheBlocksShow_isNotDecidedEitherWay() {
        // bytes vary with page splits: 4,120 to 8,240 a transaction between blocks of one side
        GateDesign.Comparison c =
                decide(CountTier.BYTES, new double[] {4120, 6000, 8240}, new double[] {7000, 8000, 9000});
        assertThat(c.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(c.reason()).contains("the blocks vary by");
    }

    @Test
    void aGateWithCounts_regressesOnACount_atOnce_andPassesOnCounts_unlessAnUndecidedTailLeansPastTheLimit() {
        GateDesign design = new GateDesign(0.10, 0.05, 1, 1);
        GateDesign.Comparison within = design.decide(
                "command",
                "hold",
                P99Ratio.estimateValues(new double[] {10, 12}, new double[] {10.2, 12.4}, true, 0.1));
        GateDesign.Comparison leaning = design.decide(
                "command", "hold", P99Ratio.estimateValues(new double[] {10, 12}, new double[] {15, 18}, true, 0.1));
        assertThat(within.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(leaning.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        GateDesign.Comparison same = decide(CountTier.SYNCS, new double[] {1, 1}, new double[] {1, 1});
        assertThat(result(design, List.of(within, same)).verdict())
                .as("every count passed and the undecided tail is estimated within the tolerance")
                .isEqualTo(Verdict.PASS);
        assertThat(result(design, List.of(within, same)).passedOnCounts()).isTrue();
        assertThat(result(design, List.of(leaning, same)).verdict())
                .as("a hold 50% longer moves no count, but its tail leans past the limit: the gate runs on")
                .isEqualTo(Verdict.INCONCLUSIVE);
        GateDesign.Comparison noisy = design.decide(
                "command",
                "hold",
                P99Ratio.estimateValues(new double[] {10, 10, 10}, new double[] {8, 15, 12}, true, 0.1));
        assertThat(noisy.estimate().ratio()).isGreaterThan(1.10);
        assertThat(noisy.leans())
                .as("past the limit by less than its own standard error: three noisy pairs, not a lean")
                .isFalse();
        assertThat(leaning.leans()).isTrue();
        assertThat(result(design, List.of(within)).verdict())
                .as("without counts an undecided tail decides nothing")
                .isEqualTo(Verdict.INCONCLUSIVE);
        GateDesign.Comparison synced = decide(CountTier.SYNCS, new double[] {0, 0}, new double[] {1, 1});
        assertThat(result(design, List.of(within, synced)).verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(result(design, List.of(within, synced)).decided()).isTrue();
    }

    @Test
    void anUndecidedCpuTime_holdsAPassOnlyWhenItsMedianGrewByMoreThanItAllows() {
        GateDesign design = new GateDesign(0.10, 0.05, 1, 1);
        GateDesign.Comparison same = decide(CountTier.SYNCS, new double[] {0, 0, 0}, new double[] {0, 0, 0});
        // 0.30 ms a transaction, 0.05 ms allowed (the step is more than 10% of it): +0.02 ms is within it
        GateDesign.Comparison jitter =
                decide(CountTier.CPU, new double[] {0.27, 0.30, 0.33}, new double[] {0.29, 0.32, 0.35});
        assertThat(jitter.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(jitter.leans()).isFalse();
        assertThat(result(design, List.of(same, jitter)).verdict()).isEqualTo(Verdict.PASS);
        GateDesign.Comparison grown =
                decide(CountTier.CPU, new double[] {0.27, 0.30, 0.33}, new double[] {0.38, 0.45, 0.52});
        assertThat(grown.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        GateDesign.Comparison doubled =
                decide(CountTier.CPU, new double[] {0.30, 0.30, 0.30}, new double[] {0.60, 0.60, 0.60});
        assertThat(doubled.verdict())
                .as("a CPU time, no exact count, does not regress from three blocks a side: it leans")
                .isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(doubled.leans()).isTrue();
        assertThat(grown.leans()).isTrue();
        assertThat(result(design, List.of(same, grown)).verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void aCpuTimeThatVariesByBlock_isDecidedOnceEnoughBlocksShrinkTheMarginOfItsMedian() {
        // 4.25 ms of CPU a transaction, blocks scattered by up to 25%, and a candidate doing 23% more: with
        // three blocks a side the scatter may hide it; with 24 the medians' margin no longer does, even though
        // some baseline blocks lie above the candidate's median.
        double[] base = new double[24];
        double[] cand = new double[24];
        for (int i = 0; i < 24; i++) {
            double scatter = 1 + 0.25 * ((i * 7) % 24 - 11.5) / 11.5;
            base[i] = 4.25 * scatter;
            cand[(i * 5) % 24] = 5.25 * scatter;
        }
        GateDesign.Comparison c = decide(CountTier.CPU, base, cand);
        assertThat(c.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(P99Ratio.median(cand.clone()))
                .isLessThan(Arrays.stream(base).max().orElseThrow());
        GateDesign.Comparison same = decide(CountTier.CPU, base, base.clone());
        assertThat(same.verdict()).isNotEqualTo(Verdict.REGRESSION);
        assertThat(same.leans()).isFalse();
    }

    private static GateResult result(GateDesign design, List<GateDesign.Comparison> entries) {
        return new GateResult("cmd", "a", "b", 2, 2, design, 1, entries, List.of(), List.of(), "", 1);
    }
}
