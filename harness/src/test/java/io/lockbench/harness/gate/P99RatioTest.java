package io.lockbench.harness.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The gate's statistics on synthetic blocks with known distributions. */
class P99RatioTest {

    /** Blocks of log-normal lock waits around {@code medianMs}, with some block-to-block drift. */
    static List<Histogram> blocks(int count, double medianMs, double scale, long seed) {
        return blocks(count, medianMs, scale, 0.03, seed);
    }

    static List<Histogram> blocks(int count, double medianMs, double scale, double drift, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Histogram> blocks = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            Histogram h = new Histogram(3);
            double blockDrift = Math.exp(drift * random.nextGaussian());
            for (int i = 0; i < 2000; i++) {
                double ms = medianMs * blockDrift * Math.exp(0.6 * random.nextGaussian()) * scale;
                h.recordValue(Math.max(1, (long) (ms * 1e6)));
            }
            blocks.add(h);
        }
        return blocks;
    }

    private static final GateDesign ONE_LOOK = new GateDesign(0.10, 0.05, 8, 1);

    private static GateDesign.Comparison compare(List<Histogram> a, List<Histogram> b, GateDesign design) {
        return design.decide("w", "wait", P99Ratio.estimate(a, b, true));
    }

    @Test
    void theSignedRankCriticalValuesAreTheTablesOnes() {
        // One-sided 2.5% (two-sided 5%): the textbook table gives 0 for 6 pairs, 8 for 10 and 52 for 20;
        // 5 pairs cannot reach 2.5% at all (1/32 is more).
        assertThat(P99Ratio.signedRankCritical(5, 0.025)).isEqualTo(-1);
        assertThat(P99Ratio.signedRankCritical(6, 0.025)).isZero();
        assertThat(P99Ratio.signedRankCritical(10, 0.025)).isEqualTo(8);
        assertThat(P99Ratio.signedRankCritical(20, 0.025)).isEqualTo(52);
        // Past the exact range the normal approximation carries on where the exact count left off.
        int exact = P99Ratio.signedRankCritical(P99Ratio.EXACT_PAIRS, 0.01);
        int approximate = P99Ratio.signedRankCritical(P99Ratio.EXACT_PAIRS + 1, 0.01);
        assertThat(approximate).isBetween(exact, exact + P99Ratio.EXACT_PAIRS + 5);
    }

    @Test
    void identicalDistributionsWithEnoughBlocksPass() {
        Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        for (long seed = 0; seed < 20; seed++) {
            GateDesign.Comparison r = compare(blocks(16, 20, 1, seed), blocks(16, 20, 1, seed + 100), ONE_LOOK);
            verdicts.merge(r.verdict(), 1, Integer::sum);
            if (r.verdict() == Verdict.PASS) {
                assertThat(r.high()).isLessThanOrEqualTo(1.10);
            }
        }
        // Seeded: the same 20 comparisons every run. Counting only regressions would let a comparison that
        // always answers "undecided" pass.
        assertThat(verdicts).containsEntry(Verdict.PASS, 20);
    }

    @Test
    void aCandidateOneAndAHalfTimesSlowerIsARegression() {
        GateDesign.Comparison r = compare(blocks(12, 20, 1, 1), blocks(12, 20, 1.5, 2), ONE_LOOK);
        assertThat(r.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(r.estimate().ratio()).isBetween(1.35, 1.65);
        assertThat(r.low()).isGreaterThan(1.10);
    }

    @Test
    void aRegressionHiddenInNoisyBlocksIsAlmostNeverCalledAPass() {
        // Blocks whose p99 swings by half from one block to the next, ten a side, the candidate 50% slower:
        // the ratio often lands near 1.0, but a PASS would claim the regression is not there.
        int passes = 0;
        for (long seed = 0; seed < 200; seed++) {
            GateDesign.Comparison r =
                    compare(blocks(10, 20, 1, 0.5, seed), blocks(10, 20, 1.5, 0.5, seed + 1000), ONE_LOOK);
            passes += r.verdict() == Verdict.PASS ? 1 : 0;
            assertThat(r.detectable()).as("seed " + seed).isGreaterThan(1.2);
        }
        assertThat(passes).as("false PASS in 200 gates at a 5% false-PASS rate").isLessThanOrEqualTo(10);
    }

    @Test
    void noRowPassesWithAnUpperEndAboveTheLimitOrRegressesWithALowerEndUnderIt() {
        for (long seed = 0; seed < 100; seed++) {
            for (int blocks : new int[] {2, 3, 6, 10}) {
                GateDesign.Comparison r =
                        compare(blocks(blocks, 20, 1, 0.2, seed), blocks(blocks, 20, 1.05, 0.2, seed + 7), ONE_LOOK);
                if (blocks <= 3) {
                    assertThat(r.verdict()).as(blocks + " blocks, seed " + seed).isEqualTo(Verdict.INCONCLUSIVE);
                }
                if (r.verdict() == Verdict.PASS) {
                    assertThat(r.high()).as("seed " + seed).isLessThanOrEqualTo(1.10);
                }
                if (r.verdict() == Verdict.REGRESSION) {
                    assertThat(r.low()).as("seed " + seed).isGreaterThan(1.10);
                }
            }
        }
    }

    @Test
    void oneBlockDisturbedByOtherLoadDoesNotDecideTheComparison() {
        List<Histogram> baseline = blocks(16, 20, 1, 5);
        List<Histogram> candidate = new ArrayList<>(blocks(16, 20, 1, 6));
        candidate.set(3, blocks(1, 20, 20, 7).get(0));
        GateDesign.Comparison r = compare(baseline, candidate, ONE_LOOK);
        assertThat(r.estimate().ratio()).isBetween(0.95, 1.05);
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void oneBlockASideGivesNoIntervalAndNoVerdict() {
        GateDesign.Comparison r = compare(blocks(1, 20, 1, 1), blocks(1, 20, 3, 2), ONE_LOOK);
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.low()).isZero();
        assertThat(r.high()).isInfinite();
        assertThat(r.reason()).contains("too few blocks");
    }

    @Test
    void anUndecidedComparisonSaysHowManyMoreBlocksWouldDecideIt() {
        GateDesign.Comparison r = compare(blocks(10, 20, 1, 0.15, 3), blocks(10, 20, 1.0, 0.15, 4), ONE_LOOK);
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.blocksNeeded()).isPositive();
        assertThat(r.reason()).contains("more blocks a side");
    }

    @Test
    void moreComparisonsAndMoreLooksWidenTheIntervals() {
        P99Ratio.Estimate e = P99Ratio.estimate(blocks(30, 20, 1, 0.2, 1), blocks(30, 20, 1.2, 0.2, 2), true);
        GateDesign.Comparison one = new GateDesign(0.10, 0.05, 1, 1).decide("w", "wait", e);
        GateDesign.Comparison eight = new GateDesign(0.10, 0.05, 8, 1).decide("w", "wait", e);
        GateDesign.Comparison looks = new GateDesign(0.10, 0.05, 8, 4).decide("w", "wait", e);
        assertThat(eight.low()).isLessThan(one.low());
        assertThat(eight.high())
                .as("upper ends are not adjusted for comparisons")
                .isEqualTo(one.high());
        assertThat(looks.low()).isLessThan(eight.low());
        assertThat(looks.high()).isGreaterThan(eight.high());
    }

    @Test
    void waitsUnderTheFloorPass() {
        GateDesign.Comparison r = compare(blocks(8, 0.01, 1, 1), blocks(8, 0.01, 5, 2), ONE_LOOK);
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void verdictsCombineToTheWorstAndMapToTheGateExitCodes() {
        assertThat(Verdict.PASS.worse(Verdict.INCONCLUSIVE)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Verdict.REGRESSION.worse(Verdict.INCONCLUSIVE)).isEqualTo(Verdict.REGRESSION);
        assertThat(List.of(Verdict.PASS, Verdict.REGRESSION, Verdict.INCONCLUSIVE))
                .extracting(Verdict::exitCode)
                .containsExactly(0, 1, 2);
    }

    static GateResult gate(String scenario, List<GateDesign.Comparison> entries) {
        return new GateResult(
                scenario,
                "base",
                "cand",
                8,
                8,
                new GateDesign(0.10, 0.05, Math.max(1, entries.size()), 1),
                1,
                entries,
                List.of(),
                List.of(),
                "a fixed 8 blocks a side (--blocks)",
                12.0);
    }

    @Test
    void reportsAreWrittenAsParseableJunitXmlAndBencherJson() throws Exception {
        GateDesign.Comparison regression =
                ONE_LOOK.decide("import", "wait", P99Ratio.estimate(blocks(8, 20, 1, 1), blocks(8, 20, 1.5, 2), true));
        GateDesign.Comparison pass = ONE_LOOK.decide(
                "list\"&", "latency", P99Ratio.estimate(blocks(8, 20, 1, 3), blocks(8, 20, 1, 4), true));
        GateResult gate = gate("quick<gate>", List.of(regression, pass));
        assertThat(gate.verdict()).isEqualTo(Verdict.REGRESSION);
        Document xml = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(GateReport.junitXml(gate).getBytes(StandardCharsets.UTF_8)));
        assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(2);
        assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(xml.getDocumentElement().getAttribute("name")).isEqualTo("lockbench gate quick<gate>");
        com.fasterxml.jackson.databind.JsonNode bmf =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(GateReport.bencherJson(gate));
        assertThat(bmf.at("/quick<gate>~1import/wait_p99_ms/value").asDouble()).isPositive();
        assertThat(bmf.at("/quick<gate>~1import/wait_p99_ms/upper_value").asDouble())
                .isGreaterThan(
                        bmf.at("/quick<gate>~1import/wait_p99_ms/lower_value").asDouble());
        assertThat(GateReport.markdown(gate)).contains("**REGRESSION**").contains("| import | wait p99 |");
    }

    @Test
    void bencherValuesStayInsideTheirBoundsEvenUnderTheFloor() throws Exception {
        GateDesign.Comparison underFloor =
                ONE_LOOK.decide("fast", "wait", P99Ratio.estimate(blocks(10, 0.2, 1, 1), blocks(10, 0.2, 3, 2), true));
        GateDesign.Comparison regression =
                ONE_LOOK.decide("slow", "wait", P99Ratio.estimate(blocks(10, 20, 1, 1), blocks(10, 20, 1.5, 2), true));
        GateResult gate = gate("q", List.of(underFloor, regression));
        com.fasterxml.jackson.databind.JsonNode bmf =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(GateReport.bencherJson(gate));
        for (String workload : List.of("q/fast", "q/slow")) {
            com.fasterxml.jackson.databind.JsonNode m = bmf.get(workload).get("wait_p99_ms");
            assertThat(m.get("value").asDouble())
                    .as(workload)
                    .isBetween(
                            m.get("lower_value").asDouble(),
                            m.get("upper_value").asDouble());
        }
    }

    @Test
    void aCommandGatesFiguresThatAreNotPercentiles_areNamedAndCountedAsWhatTheyAre() {
        assertThat(GateReport.figure("busy_lines")).isEqualTo("busy_lines (per block)");
        assertThat(GateReport.value("busy_lines", 3)).isEqualTo("3");
        assertThat(GateReport.bencherName("busy_lines")).isEqualTo("busy_lines");
        assertThat(GateReport.figure("hold_total")).isEqualTo("hold_total (ms per block)");
        assertThat(GateReport.bencherName("hold_total")).isEqualTo("hold_total_ms");
        assertThat(GateReport.figure("hold")).isEqualTo("hold p99");
        assertThat(GateReport.value("hold", 12.5)).isEqualTo("12.5 ms");
        assertThat(GateReport.bencherName("lock_wait")).isEqualTo("lock_wait_p99_ms");
    }
}
