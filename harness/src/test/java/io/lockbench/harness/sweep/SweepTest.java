package io.lockbench.harness.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockbench.harness.scenario.ScenarioException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {

    @TempDir
    Path dir;

    @Test
    void gridIsTheCartesianProductWithTheFirstAxisSlowest() {
        SweepGrid grid = SweepGrid.parse(List.of("store.batch_size=1,10", "store.busy_timeout_ms=100,1000,5000"));
        assertThat(grid.size()).isEqualTo(6);
        assertThat(grid.points()).first().isEqualTo(Map.of("store.batch_size", "1", "store.busy_timeout_ms", "100"));
        assertThat(grid.points())
                .element(3)
                .isEqualTo(Map.of("store.batch_size", "10", "store.busy_timeout_ms", "100"));
        assertThat(SweepGrid.pointId(grid.points().get(5))).isEqualTo("batch_size-10_busy_timeout_ms-5000");
    }

    @Test
    void badAxesAreRejectedNamingTheProblem() {
        assertThatThrownBy(() -> SweepGrid.parse(List.of("store.batch_size")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("expected key=v1,v2");
        assertThatThrownBy(() -> SweepGrid.parse(List.of("store.batch_size=1,,2")))
                .hasMessageContaining("empty value");
        assertThatThrownBy(() -> SweepGrid.parse(List.of("a=1", "a=2"))).hasMessageContaining("given twice");
        assertThatThrownBy(
                        () -> SweepGrid.parse(List.of("a=1,2,3,4,5,6,7,8", "b=1,2,3,4,5,6,7,8", "c=1,2,3,4,5,6,7,8")))
                .hasMessageContaining("512 points; a sweep is limited to 500");
    }

    private static SweepPoint point(String batch, double imports, double p99, long failures) {
        return point(batch, imports, p99, failures, 100);
    }

    /** A point whose interactive writers wait half the concurrent p99 and whose slowest workload finished {@code ops}. */
    private static SweepPoint point(String batch, double imports, double p99, long failures, long ops) {
        return new SweepPoint(
                "b" + batch,
                Map.of("store.batch_size", batch),
                imports > 0 ? 1 : 0,
                imports,
                p99,
                p99 / 2,
                p99 / 2,
                ops,
                failures,
                failures == 0);
    }

    private static final SweepObjective RULE = SweepObjective.DEFAULT;

    @Test
    void paretoFrontKeepsOnlyUndominatedPoints() {
        SweepPoint slowSafe = point("1", 1.0, 50, 0);
        SweepPoint balanced = point("10", 4.0, 200, 0);
        SweepPoint dominated = point("20", 3.0, 300, 0);
        SweepPoint fastFailing = point("100", 5.0, 2500, 12);
        assertThat(SweepReport.paretoFront(List.of(slowSafe, balanced, dominated, fastFailing)))
                .containsExactly(slowSafe, balanced, fastFailing);
    }

    @Test
    void recommendationPrefersNoFailuresThenTheLowestP99WithinEightyPercentOfTheBestThroughput() {
        List<SweepPoint> points = List.of(
                point("1", 1.0, 50, 0),
                point("10", 4.0, 200, 0),
                point("50", 4.5, 400, 0),
                point("100", 5.0, 2500, 12));
        assertThat(SweepReport.recommendation(points, RULE))
                .hasValueSatisfying(r -> assertThat(r)
                        .startsWith("batch_size=10: no BUSY")
                        .contains("89% of the best clean throughput")
                        .contains("1 of 4 points were not eligible")
                        .contains("Rule: lowest p99 wait of the interactive writers", "at least 80% of the best"));
        assertThat(SweepReport.recommendation(List.of(point("100", 5.0, 2500, 12), point("50", 4.0, 900, 3)), RULE))
                .hasValueSatisfying(r -> assertThat(r).startsWith("batch_size=50: every point had failures"));
    }

    @Test
    void aPointWithTooFewOperationsInAWorkloadIsNeverRecommended() {
        List<SweepPoint> points = List.of(point("1", 4.0, 50, 0, 3), point("10", 4.0, 200, 0, 40));
        assertThat(SweepReport.recommendation(points, RULE))
                .hasValueSatisfying(r -> assertThat(r).startsWith("batch_size=10:"));
        assertThat(SweepReport.recommendation(List.of(point("1", 4.0, 50, 0, 3)), RULE))
                .hasValueSatisfying(r -> assertThat(r).startsWith("none: no clean point finished 30"));
    }

    @Test
    void theObjectiveDecidesWhatIsMinimisedAndIsPrintedWithTheRecommendation() {
        SweepPoint lowLatency =
                new SweepPoint("a", Map.of("store.batch_size", "1"), 10, 4.0, 50, 300, 300, 100, 0, true);
        SweepPoint lowWait = new SweepPoint("b", Map.of("store.batch_size", "10"), 10, 4.0, 90, 20, 20, 100, 0, true);
        List<SweepPoint> points = List.of(lowLatency, lowWait);
        assertThat(SweepReport.recommendation(points, RULE))
                .hasValueSatisfying(
                        r -> assertThat(r).startsWith("batch_size=10:").contains("--objective writer-wait"));
        assertThat(SweepReport.recommendation(points, new SweepObjective(SweepObjective.Metric.LATENCY, 0.8, 30)))
                .hasValueSatisfying(
                        r -> assertThat(r).startsWith("batch_size=1:").contains("--objective latency"));
    }

    @Test
    void pointsWhereNoImportCompletedAreCalledOutAndNeverRecommended() {
        List<SweepPoint> points = List.of(point("1", 0, 20, 0), point("10", 4.0, 200, 0));
        assertThat(SweepReport.recommendation(points, RULE))
                .hasValueSatisfying(r -> assertThat(r).startsWith("batch_size=10:"));
        String md = SweepReport.markdown("s", points, 2, RULE);
        assertThat(md).contains("| batch\\_size=1 | none completed |", "In 1 of 2 points no import completed");
        assertThat(SweepReport.recommendation(List.of(point("1", 0, 20, 0)), RULE))
                .hasValueSatisfying(r -> assertThat(r).startsWith("none: no import completed"));
    }

    @Test
    void sweepRunsEveryPointIntoItsOwnDirectoryAndWritesTheReport() throws Exception {
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, """
                name: tiny
                seed:
                  catalog: {sources: 1, entries_per_source: 10, executions: 0}
                run: {duration: 600ms}
                workloads:
                  - {name: import, type: import-artifacts, params: {artifacts: 10, work_per_item: 5ms}}
                  - {name: update, type: update-catalog-entry, rate: 20}
                """);
        SweepRunner runner = new SweepRunner(
                scenario,
                List.of(),
                SweepGrid.parse(List.of("store.batch_size=1,10")),
                RULE,
                dir.resolve("sweep"),
                dir.resolve("work"),
                null);
        List<SweepPoint> points = runner.run();
        assertThat(points).extracting(SweepPoint::id).containsExactly("batch_size-1", "batch_size-10");
        assertThat(dir.resolve("sweep/batch_size-1/run.json")).exists();
        assertThat(dir.resolve("sweep/batch_size-10/latency.hlog")).exists();
        assertThat(points).allSatisfy(p -> assertThat(p.importsPerSecond()).isPositive());
        assertThat(Files.readString(dir.resolve("sweep/sweep.md")))
                .contains("2 of 2 points run", "**Recommendation**", "| batch\\_size=1 |");
    }
}
