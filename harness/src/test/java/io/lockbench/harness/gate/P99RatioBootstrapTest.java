package io.lockbench.harness.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The gate's statistics on synthetic blocks with known distributions. */
class P99RatioBootstrapTest {

    /** Blocks of log-normal lock waits around {@code medianMs}, with some block-to-block drift. */
    private static List<Histogram> blocks(int count, double medianMs, double scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Histogram> blocks = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            Histogram h = new Histogram(3);
            double drift = 1 + 0.03 * random.nextGaussian();
            for (int i = 0; i < 2000; i++) {
                double ms = medianMs * drift * Math.exp(0.6 * random.nextGaussian()) * scale;
                h.recordValue(Math.max(1, (long) (ms * 1e6)));
            }
            blocks.add(h);
        }
        return blocks;
    }

    @Test
    void identicalDistributionsPass() {
        java.util.Map<Verdict, Integer> verdicts = new java.util.EnumMap<>(Verdict.class);
        for (long seed = 0; seed < 20; seed++) {
            P99RatioBootstrap.Result r = P99RatioBootstrap.compare(
                    blocks(8, 20, 1, seed), blocks(8, 20, 1, seed + 100), 0.10, 0.95, 1000, seed);
            verdicts.merge(r.verdict(), 1, Integer::sum);
        }
        // Seeded: the same 20 comparisons every run. Counting only regressions would let a comparison that
        // always answers "inconclusive" pass.
        assertThat(verdicts).containsEntry(Verdict.PASS, 20);
    }

    @Test
    void aCandidateOneAndAHalfTimesSlowerIsARegression() {
        P99RatioBootstrap.Result r =
                P99RatioBootstrap.compare(blocks(8, 20, 1, 1), blocks(8, 20, 1.5, 2), 0.10, 0.95, 2000, 7);
        assertThat(r.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(r.ratio()).isBetween(1.35, 1.65);
        assertThat(r.low()).isGreaterThan(1.10);
    }

    @Test
    void tooFewBlocksAreInconclusiveWhateverTheDifference() {
        P99RatioBootstrap.Result r =
                P99RatioBootstrap.compare(blocks(3, 20, 1, 1), blocks(3, 20, 3, 2), 0.10, 0.95, 1000, 7);
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.reason()).contains("too few blocks");
    }

    @Test
    void waitsUnderTheFloorPass() {
        P99RatioBootstrap.Result r =
                P99RatioBootstrap.compare(blocks(6, 0.01, 1, 1), blocks(6, 0.01, 5, 2), 0.10, 0.95, 500, 7);
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void verdictsCombineToTheWorstAndMapToExitCodes() {
        assertThat(Verdict.PASS.worse(Verdict.INCONCLUSIVE)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Verdict.REGRESSION.worse(Verdict.INCONCLUSIVE)).isEqualTo(Verdict.REGRESSION);
        assertThat(List.of(Verdict.PASS, Verdict.REGRESSION, Verdict.INCONCLUSIVE))
                .extracting(Verdict::exitCode)
                .containsExactly(0, 1, 2);
    }

    @Test
    void reportsAreWrittenAsParseableJunitXmlAndBencherJson() throws Exception {
        P99RatioBootstrap.Result regression =
                P99RatioBootstrap.compare(blocks(8, 20, 1, 1), blocks(8, 20, 1.5, 2), 0.10, 0.95, 500, 7);
        P99RatioBootstrap.Result pass =
                P99RatioBootstrap.compare(blocks(8, 20, 1, 3), blocks(8, 20, 1, 4), 0.10, 0.95, 500, 7);
        GateResult gate = new GateResult(
                "quick<gate>",
                "base",
                "cand",
                8,
                8,
                0.10,
                0.95,
                List.of(
                        new GateResult.Entry("import", "wait", regression),
                        new GateResult.Entry("list\"&", "latency", pass)),
                List.of(new GateResult.Entry("import", "wait", pass)),
                12.0);
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
        assertThat(GateReport.markdown(gate)).contains("**REGRESSION**").contains("| import | wait |");
    }

    @Test
    void bencherValuesStayInsideTheirBoundsEvenUnderTheFloor() throws Exception {
        P99RatioBootstrap.Result underFloor =
                P99RatioBootstrap.compare(blocks(6, 0.2, 1, 1), blocks(6, 0.2, 3, 2), 0.10, 0.95, 500, 7);
        P99RatioBootstrap.Result regression =
                P99RatioBootstrap.compare(blocks(8, 20, 1, 1), blocks(8, 20, 1.5, 2), 0.10, 0.95, 500, 7);
        GateResult gate = new GateResult(
                "q",
                "base",
                "cand",
                8,
                8,
                0.10,
                0.95,
                List.of(
                        new GateResult.Entry("fast", "wait", underFloor),
                        new GateResult.Entry("slow", "wait", regression)),
                List.of(),
                1.0);
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
}
