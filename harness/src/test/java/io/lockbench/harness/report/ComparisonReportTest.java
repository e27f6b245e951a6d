package io.lockbench.harness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockbench.harness.run.ScenarioRunner;
import io.lockbench.harness.scenario.ScenarioLoader;
import io.lockbench.harness.text.Csv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonReportTest {

    @TempDir
    static Path dir;

    private static LoadedRun small;
    private static LoadedRun large;

    @BeforeAll
    static void twoRuns() throws Exception {
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, """
                name: cmp
                store: {connection_strategy: pooled, busy_timeout_ms: 50}
                seed:
                  catalog: {sources: 2, entries_per_source: 20, executions: 0}
                run: {duration: 1500ms, sample_interval: 250ms}
                workloads:
                  - {name: import, type: import-artifacts, operations: 2, params: {artifacts: 20, work_per_item: 20ms}}
                  - {name: "upd", type: update-catalog-entry, threads: 2, rate: 20}
                """);
        for (String batch : List.of("1", "20")) {
            new ScenarioRunner(
                            ScenarioLoader.load(
                                    scenario,
                                    batch.equals("1")
                                            ? List.of("store.batch_size=1")
                                            : List.of(
                                                    "store.batch_size=" + batch, "workloads.upd.expect.max_busy=1000")),
                            new ScenarioRunner.Options(
                                    dir.resolve("work"),
                                    dir.resolve("results/batch-" + batch),
                                    "batch-" + batch,
                                    null,
                                    false))
                    .run();
        }
        small = RunLoader.load(dir.resolve("results/batch-1"));
        large = RunLoader.load(dir.resolve("results/batch-20/run.json"));
    }

    @Test
    void differingConfigurationKeysAreExactlyTheOverriddenOnes() {
        ComparisonReport report = new ComparisonReport(List.of(small, large), List.of());
        assertThat(report.differingKeys()).containsExactly("store.batch_size", "workloads.upd.expect.max_busy");
        assertThat(report.workloadNames()).containsExactly("import", "upd");
    }

    @Test
    void loadedRunsCarryHistogramsIntervalsAndCounters() {
        assertThat(small.histograms()).containsKeys("import.latency", "import.hold", "upd.lock_wait");
        assertThat(small.histograms().get("import.latency").getTotalCount()).isEqualTo(2);
        assertThat(small.p99OverTime().get("upd.latency")).isNotEmpty();
        long busy = small.busyOverTime().get("upd").stream()
                .mapToLong(p -> (long) p[1])
                .sum();
        assertThat(busy).isEqualTo(small.workloads().get("upd").busy());
        assertThat(small.walOverTime()).isNotEmpty();
    }

    @Test
    void markdownHasTheTablesAndAVerdictPerSharedWorkload() {
        String md = new ComparisonReport(List.of(small, large), List.of()).markdown();
        assertThat(md)
                .contains(
                        "## What differs",
                        "| store.batch\\_size | 1 | 20 |",
                        "## At a glance",
                        "- import:",
                        "- upd:",
                        "## Workloads",
                        "| import | batch-1 |",
                        "| import | batch-20 |");
    }

    @Test
    void csvHasOneRowPerRunAndWorkloadWithTheDifferingKeys() {
        List<String> lines = new ComparisonReport(List.of(small, large), List.of())
                .csv()
                .lines()
                .toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0))
                .startsWith("run,scenario,workload,type,ops,ops_per_second,latency_p50_ms")
                .contains(",store.batch_size,")
                .endsWith(",score,score_error,score_unit");
        int columns = lines.get(0).split(",", -1).length;
        lines.forEach(l -> assertThat(l.split(",", -1)).hasSize(columns));
        assertThat(Csv.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(Csv.field("-12.5")).isEqualTo("-12.5");
    }

    @Test
    void htmlIsSelfContainedWithChartsAndInertData() {
        String html = HtmlReport.render(new ComparisonReport(List.of(small, large), List.of()));
        assertThat(html)
                .contains("Chart.js v4")
                .contains("const DATA = {")
                .contains("percentile spectrum")
                .doesNotContain("src=\"http")
                .doesNotContain("href=\"http");
        String data = html.substring(html.indexOf("const DATA = "));
        assertThat(data.substring(0, data.indexOf(";\n"))).doesNotContain("<").doesNotContain(">");
        assertThat(io.lockbench.harness.text.Xml.escape("<img src=x onerror=alert(1)>"))
                .isEqualTo("&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void incompleteOrForeignResultsAreRefusedWithAReason() throws Exception {
        Path partial = Files.createDirectories(dir.resolve("partial"));
        Files.writeString(partial.resolve("run.json"), "{\"schema_version\":2,\"status\":\"incomplete\"}");
        assertThatThrownBy(() -> RunLoader.load(partial))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("did not finish");
        assertThatThrownBy(() -> RunLoader.load(dir)).hasMessageContaining("no run.json here");
        Path damaged = Files.createDirectories(dir.resolve("damaged"));
        Files.copy(dir.resolve("results/batch-1/run.json"), damaged.resolve("run.json"));
        Files.writeString(damaged.resolve("intervals.csv"), "seconds,workload,attempted,ok,busy\n1.0,upd,3,3,lots\n");
        assertThatThrownBy(() -> RunLoader.load(damaged))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("intervals.csv:2:");
        Path future = Files.createDirectories(dir.resolve("future"));
        Files.writeString(future.resolve("run.json"), "{\"schema_version\":99,\"status\":\"complete\"}");
        assertThatThrownBy(() -> RunLoader.load(future)).hasMessageContaining("schema_version 99");
    }

    @Test
    void aLatencyLogCutMidLine_losesItsLastIntervalOnly() throws Exception {
        Path cut = Files.createDirectories(dir.resolve("cut"));
        Files.copy(dir.resolve("results/batch-1/run.json"), cut.resolve("run.json"));
        byte[] log = Files.readAllBytes(dir.resolve("results/batch-1/latency.hlog"));
        Files.write(cut.resolve("latency.hlog"), java.util.Arrays.copyOf(log, log.length - 40));

        LoadedRun loaded = RunLoader.load(cut);

        assertThat(loaded.histograms()).containsKey("upd.latency");
        assertThat(loaded.histograms().get("upd.latency").getTotalCount())
                .isLessThanOrEqualTo(small.histograms().get("upd.latency").getTotalCount());
    }

    @Test
    void impossiblePercentilesInRunJson_areRefusedNamingTheField() throws Exception {
        Path edited = Files.createDirectories(dir.resolve("edited"));
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = mapper.readTree(dir.resolve("results/batch-1/run.json").toFile());
        var latency = (com.fasterxml.jackson.databind.node.ObjectNode) root.at("/workloads/0/millis/latency");
        assertThat(latency.get("p50").asDouble())
                .as("the import's operations take time")
                .isPositive();
        // p99 of the import's latency below its p90: no histogram gives that.
        latency.put("p99", 0.0);
        String broken = mapper.writeValueAsString(root);
        Files.writeString(edited.resolve("run.json"), broken);
        assertThatThrownBy(() -> RunLoader.load(edited))
                .hasMessageContaining("p99")
                .hasMessageContaining("must be at least p90");
    }

    @Test
    void jmhResultFilesAreReportedBesideRuns() throws Exception {
        Path jmh = dir.resolve("jmh.json");
        Files.writeString(jmh, """
                [{"benchmark":"io.lockbench.harness.bench.RecordingBenchmark.traceAndRecord","mode":"avgt","threads":1,
                  "primaryMetric":{"score":126.4,"scoreError":3.2,"scoreUnit":"ns/op"}}]
                """);
        assertThat(JmhResults.isJmhFile(jmh)).isTrue();
        assertThat(JmhResults.isJmhFile(dir.resolve("results/batch-1/run.json")))
                .isFalse();
        String md = new ComparisonReport(
                        List.of(small), List.of(JmhResults.loadIfJmh(jmh).orElseThrow()))
                .markdown();
        assertThat(md).contains("## JMH", "RecordingBenchmark.traceAndRecord", "126.400", "ns/op");
    }

    @Test
    void jmhSecondaryMetricsAppearInMarkdownCsvAndHtmlAndTheCsvStaysRectangular() throws Exception {
        Path jmh = dir.resolve("jmh-group.json");
        Files.writeString(jmh, """
                [{"benchmark":"io.lockbench.harness.bench.ContentionBenchmark.group","mode":"avgt","threads":2,
                  "params":{"readPath":"snapshot"},
                  "primaryMetric":{"score":370.0,"scoreError":12.0,"scoreUnit":"us/op"},
                  "secondaryMetrics":{"reader":{"score":204.5,"scoreError":5.0,"scoreUnit":"us/op"},
                                      "writer":{"score":536.1,"scoreError":"NaN","scoreUnit":"us/op"}}}]
                """);
        ComparisonReport report = new ComparisonReport(
                List.of(small, large), List.of(JmhResults.loadIfJmh(jmh).orElseThrow()));
        assertThat(report.markdown())
                .contains("ContentionBenchmark.group:reader", "204.500", "ContentionBenchmark.group:writer", "536.100");
        List<String> csv = report.csv().lines().toList();
        int columns = csv.get(0).split(",", -1).length;
        assertThat(csv)
                .hasSize(1 + 4 + 3)
                .allSatisfy(row -> assertThat(row.split(",", -1)).hasSize(columns));
        assertThat(csv.get(csv.size() - 2))
                .startsWith("jmh-group.json,jmh,ContentionBenchmark.group:reader readPath=snapshot,avgt,")
                .endsWith(",204.5,5.0,us/op");
        assertThat(HtmlReport.render(report)).contains("<h2>JMH</h2>", "ContentionBenchmark.group:writer");
    }

    /** A fast failure must not read as fast: each workload opens with its successes and failures apart. */
    @Test
    void outcomesSeparateSuccessesFromTimeToFailure() {
        String md = new ComparisonReport(List.of(small, large), List.of()).markdown();
        assertThat(md).contains("## Outcomes", "- import, batch-1: 2 operations: 2 ok (100%); p99 of successes");
        io.lockbench.harness.results.RunResult.WorkloadSummary upd =
                small.workloads().get("upd");
        assertThat(upd.stats("success").count() + upd.stats("failure").count()).isEqualTo(upd.attempted());
        if (upd.busy() > 0) {
            assertThat(ComparisonReport.outcome(upd)).contains("BUSY", "p99 time to failure");
        }
        assertThat(small.histograms()).containsKeys("upd.success", "import.success");
        String html = HtmlReport.render(new ComparisonReport(List.of(small, large), List.of()));
        assertThat(html).contains("\"failures\":{", "time to failure", "✗ FAILED");
    }

    /** A reader looks before reading: the verdict comes first, the configuration last, its expect: rules folded. */
    @Test
    void theReportOpensWithTheVerdictAndFoldsExpectRulesInTheConfigurationBelow() {
        ComparisonReport report = new ComparisonReport(List.of(small, large), List.of());
        String md = report.markdown();
        assertThat(md.indexOf("## Verdict")).isPositive().isLessThan(md.indexOf("## Workloads"));
        assertThat(md.indexOf("## What differs")).isGreaterThan(md.indexOf("## Workloads"));
        assertThat(md).contains("| workload | run | BUSY share | worst hold | p99 wait | p99 latency | result |");
        assertThat(md).containsPattern("- \\*\\*batch-1\\*\\*: \\d+ BUSY of \\d+ operations");
        String html = HtmlReport.render(report);
        assertThat(html.indexOf("<section id=\"verdict\">")).isLessThan(html.indexOf("<div id=\"charts\">"));
        assertThat(html.indexOf("<div id=\"charts\">")).isLessThan(html.indexOf("Configuration that differs"));
        assertThat(report.differingKeys()).contains("workloads.upd.expect.max_busy", "store.batch_size");
        assertThat(html.indexOf("store.batch_size")).isLessThan(html.indexOf("<details>"));
        for (String key : report.differingKeys()) {
            if (key.contains(".expect.")) {
                assertThat(html.indexOf(key)).isGreaterThan(html.indexOf("<details>"));
            }
        }
    }

    @Test
    void theSpectrumEndsAtItsMaximumOnTheRight() {
        org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(3);
        for (int i = 1; i <= 7; i++) {
            h.recordValue(i * 1_000_000L);
        }
        List<double[]> points = HtmlReport.spectrum(h);
        for (int i = 1; i < points.size(); i++) {
            assertThat(points.get(i)[0]).isGreaterThan(points.get(i - 1)[0]);
        }
        assertThat(points.get(points.size() - 1)[1]).isEqualTo(h.getMaxValue() / 1e6);
        org.HdrHistogram.Histogram one = new org.HdrHistogram.Histogram(3);
        one.recordValue(5_000_000L);
        assertThat(HtmlReport.spectrum(one)).isNotEmpty();
    }

    @Test
    void runIdsInCodeSpansAreNotBackslashEscaped() {
        assertThat(io.lockbench.harness.text.Markdown.code("batch_1*x")).isEqualTo("`batch_1*x`");
        assertThat(io.lockbench.harness.text.Markdown.code("a`b")).isEqualTo("``a`b``");
        assertThat(new ComparisonReport(List.of(small), List.of()).markdown()).contains("- `batch-1` (cmp): ");
    }
}
