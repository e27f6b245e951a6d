package io.lockbench.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.cli.InProcessCli;
import io.lockbench.store.lock.LockTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.html} as a person opens it: rendered by headless Chromium, for two runs, a sweep and a
 * recording. The page's script must run without an error, and every chart it draws must have data (the
 * script leaves out what has none and marks each chart with its number of points). In CI
 * ({@code CI=true}) a missing Chromium fails the test; elsewhere it is skipped with a line saying how to
 * install it.
 */
@ProcessTest
class ReportInBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    static Path dir;

    static Path scenario;

    @BeforeAll
    static void chromiumAndTwoRuns() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            assertThat(System.getenv("CI"))
                    .as("CI must have Chromium (.ci/run installs it)")
                    .isNotEqualTo("true");
            Assumptions.abort("Chromium is missing: apt-get install chromium");
        }
        scenario = Files.writeString(dir.resolve("s.yaml"), """
                name: browser
                store: {connection_strategy: pooled, busy_timeout_ms: 50}
                seed:
                  catalog: {sources: 2, entries_per_source: 20, executions: 0}
                run: {duration: 2s, sample_interval: 250ms}
                workloads:
                  - {name: import, type: import-artifacts, params: {artifacts: 20, work_per_item: 10ms}}
                  - {name: upd, type: update-catalog-entry, threads: 2, rate: 20}
                """);
        for (String batch : List.of("1", "20")) {
            InProcessCli.Result r =
                    InProcessCli.runScenario(scenario, dir, "batch-" + batch, "--set", "batch_size=" + batch);
            assertThat(r.exit()).as(r.err()).isIn(0, 1);
        }
    }

    /** What Chromium made of a page: its DOM after the script ran, and what it logged. */
    private record Rendered(String dom, String log) {

        String body() {
            Matcher body = Pattern.compile("<body([^>]*)>").matcher(dom);
            assertThat(body.find()).as(dom).isTrue();
            return body.group(1);
        }

        List<Integer> chartPoints() {
            List<Integer> points = new ArrayList<>();
            Matcher m =
                    Pattern.compile("class=\"chart\" data-points=\"(\\d+)\"").matcher(dom);
            while (m.find()) {
                points.add(Integer.parseInt(m.group(1)));
            }
            return points;
        }
    }

    private static Rendered render(Path html) throws Exception {
        Path log = dir.resolve(html.getParent().getFileName() + "-chromium.log");
        Process chromium = new ProcessBuilder(
                        CHROMIUM.toString(),
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--enable-logging=stderr",
                        "--v=0",
                        "--user-data-dir=" + dir.resolve("chromium-profile"),
                        "--virtual-time-budget=10000",
                        "--dump-dom",
                        html.toUri().toString())
                .redirectError(log.toFile())
                .start();
        String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(chromium.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Rendered(dom, Files.readString(log));
    }

    private static Path report(String name, String... inputs) {
        List<String> args = new ArrayList<>(List.of("report"));
        args.addAll(List.of(inputs));
        args.addAll(List.of("--out", dir.resolve(name).toString()));
        InProcessCli.Result r = InProcessCli.run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        return dir.resolve(name).resolve("report.html");
    }

    private static void assertLoadsCleanly(Rendered page, int atLeastCharts) {
        assertThat(page.body()).as("the script ran to its end").contains("data-ready=\"true\"");
        assertThat(page.body()).as("no error in the page").doesNotContain("data-errors");
        assertThat(page.log().lines().filter(l -> l.contains("CONSOLE") && l.matches("(?i).*(uncaught|error).*")))
                .as("console errors")
                .isEmpty();
        assertThat(page.chartPoints()).as("charts drawn").hasSizeGreaterThanOrEqualTo(atLeastCharts);
        assertThat(page.chartPoints()).as("every chart has data").allMatch(n -> n > 0);
    }

    @Test
    void twoRunsRenderWithTheVerdictFirstAndOnlyChartsThatHaveData() throws Exception {
        Rendered page = render(report(
                "runs",
                dir.resolve("results/batch-1").toString(),
                dir.resolve("results/batch-20").toString()));

        assertLoadsCleanly(page, 4);
        assertThat(page.dom().indexOf("id=\"verdict\"")).isLessThan(page.dom().indexOf("class=\"chart\""));
        assertThat(page.dom()).contains("longest write-lock hold per operation", "wait for the lock");
    }

    @Test
    void aSweepRendersItsThroughputAgainstWaitChart() throws Exception {
        InProcessCli.Result sweep = InProcessCli.run(
                "sweep",
                scenario.toString(),
                "--vary",
                "store.batch_size=1,20",
                "--results",
                dir.resolve("results").toString(),
                "--work",
                dir.resolve("work").toString(),
                "--sweep-id",
                "sweep",
                "--min-ops",
                "1");
        assertThat(sweep.exit()).as(sweep.err()).isZero();

        Rendered page =
                render(report("sweep-report", dir.resolve("results/sweep").toString()));

        assertLoadsCleanly(page, 1);
        assertThat(page.dom()).contains("import throughput against");
    }

    @Test
    void aRecordingRendersOneLanePerProcess() throws Exception {
        Assumptions.assumeTrue(LockTable.available(), "holds are read from Linux's /proc/locks");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3");
        Path writer = Files.writeString(dir.resolve("writer.py"), """
                import sqlite3, sys, time
                db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS t (a)")
                for i in range(8):
                    db.execute("BEGIN IMMEDIATE")
                    db.execute("INSERT INTO t VALUES (?)", (i,))
                    time.sleep(0.05)
                    db.execute("COMMIT")
                    time.sleep(0.05)
                """);
        Path db = dir.resolve("app.db");
        InProcessCli.Result record = InProcessCli.run(
                "record",
                "--db",
                db.toString(),
                "--out",
                dir.resolve("recording").toString(),
                "--",
                "sh",
                "-c",
                "/usr/bin/python3 " + writer + " " + db + " & /usr/bin/python3 " + writer + " " + db + "; wait");
        assertThat(record.exit()).as(record.err()).isZero();

        Rendered page = render(report("record-report", dir.resolve("recording").toString()));

        assertLoadsCleanly(page, 1);
        assertThat(page.dom()).contains("one lane per process");
    }
}
