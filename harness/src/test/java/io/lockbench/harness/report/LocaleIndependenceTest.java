package io.lockbench.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.gate.GateDesign;
import io.lockbench.harness.gate.GateReport;
import io.lockbench.harness.gate.GateResult;
import io.lockbench.harness.gate.P99Ratio;
import io.lockbench.harness.run.ScenarioRunner;
import io.lockbench.harness.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything lockbench writes reads the same whatever the JVM's locale: under German defaults (decimal
 * comma) a run, its report and a gate's reports must still have decimal points, and read back.
 */
class LocaleIndependenceTest {

    /** A digit, a decimal comma, a digit: "1,003" where "1.003" was meant. */
    private static final Pattern DECIMAL_COMMA = Pattern.compile("\\d,\\d{3}\\b(?![,\\d])");

    @TempDir
    Path dir;

    private Locale before;

    @BeforeEach
    void german() {
        before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
    }

    @AfterEach
    void restore() {
        Locale.setDefault(before);
    }

    @Test
    void runFilesAndReportsUseDecimalPointsAndReadBack() throws Exception {
        Path file = Files.writeString(dir.resolve("scenario.yaml"), """
                name: locale
                run: {duration: 600ms, sample_interval: 100ms}
                workloads:
                  - {name: work, type: noop, threads: 1, rate: 200}
                """);
        Path results = dir.resolve("results");
        new ScenarioRunner(
                        ScenarioLoader.load(file, List.of()),
                        new ScenarioRunner.Options(dir.resolve("work"), results, "de", null, false))
                .run();
        Path run = results;
        String intervals = Files.readString(run.resolve("intervals.csv"));
        assertThat(intervals.lines().skip(1))
                .allSatisfy(line -> assertThat(line).matches("\\d+(\\.\\d+)?,work,\\d+,\\d+,0,0,0"));
        assertThat(Files.readString(run.resolve("work.hgrm"))).doesNotContainPattern("\\d,\\d{6}");
        assertThat(Files.readString(run.resolve("wal.csv")).lines().skip(1))
                .allSatisfy(line -> assertThat(line).startsWith("0.").contains("."));

        LoadedRun loaded = RunLoader.load(run);
        assertThat(loaded.busyOverTime().get("work")).isNotEmpty();
        ComparisonReport report = new ComparisonReport(List.of(loaded, loaded), List.of());
        assertThat(report.markdown()).doesNotContainPattern(DECIMAL_COMMA);
        List<String> csv = report.csv().lines().toList();
        int columns = csv.get(0).split(",", -1).length;
        assertThat(csv)
                .as("a decimal comma would add a column")
                .allSatisfy(row -> assertThat(row.split(",", -1)).hasSize(columns));
        assertThat(HtmlReport.render(report)).doesNotContainPattern("<td>\\d+,\\d+</td>");
    }

    @Test
    void gateReportsUseDecimalPoints() {
        List<Histogram> a = new ArrayList<>();
        List<Histogram> b = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            a.add(block(20_000_000L + i * 100_000L));
            b.add(block(23_000_000L + i * 100_000L));
        }
        GateDesign design = new GateDesign(0.10, 0.05, 1, 1);
        GateResult gate = new GateResult(
                "locale",
                "base",
                "cand",
                6,
                6,
                design,
                1,
                List.of(design.decide("import", "wait", P99Ratio.estimate(a, b, true))),
                List.of(new io.lockbench.harness.gate.BlockLoad("baseline-01", 5.5, 0.75, 0.01, 1.5)),
                List.of(),
                "a fixed 6 blocks a side (--blocks)",
                5.6);
        assertThat(GateReport.junitXml(gate)).contains("time=\"5.6").doesNotContainPattern("time=\"\\d+,");
        assertThat(GateReport.markdown(gate)).doesNotContainPattern("\\d,\\d\\d\\b");
        assertThat(GateReport.bencherJson(gate)).doesNotContainPattern(": ?\\d+,\\d");
    }

    private static Histogram block(long around) {
        Histogram h = new Histogram(3);
        for (int i = 0; i < 200; i++) {
            h.recordValue(around + i * 10_000L);
        }
        return h;
    }
}
