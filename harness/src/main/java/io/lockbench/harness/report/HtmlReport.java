package io.lockbench.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockbench.harness.json.Json;
import io.lockbench.harness.results.RunResult.WorkloadSummary;
import io.lockbench.harness.text.Millis;
import io.lockbench.harness.text.Xml;
import io.lockbench.harness.watch.WatchReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * One self-contained HTML file (Chart.js inlined, no network needed) that leads with the verdict: a header
 * saying where and when each run was measured, then per workload the four figures a reader wants first
 * (BUSY share, worst write-lock hold, p99 wait, p99 latency) as large numbers with a bar each and what
 * failed, then the charts (write-lock hold beside lock wait, latency, and over time only what has enough
 * points to be a line), sweeps (import throughput against the objective, the recommended point marked),
 * watches and recordings (one lane per process: when it held the lock), and last the configuration that
 * differs, with {@code expect:} rules folded. A chart with nothing to show is left out. Colours are the
 * Okabe–Ito set, legible for colour-blind readers; a failure is also marked by a sign and a word, so it
 * survives grey-scale printing.
 */
public final class HtmlReport {

    /** Okabe–Ito: distinguishable with every common colour-vision deficiency. */
    static final List<String> COLORS =
            List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000");

    private HtmlReport() {}

    public static String render(ComparisonReport report) {
        StringBuilder html = new StringBuilder();
        head(html, report);
        if (!report.runs().isEmpty()) {
            verdict(html, report);
        }
        html.append("<div id=\"charts\"></div>\n");
        for (int i = 0; i < report.sweeps().size(); i++) {
            sweep(html, report.sweeps().get(i), i);
        }
        if (report.runs().size() > 1) {
            whatDiffers(html, report);
        }
        if (!report.runs().isEmpty()) {
            workloads(html, report);
        }
        if (!report.jmh().isEmpty()) {
            jmh(html, report);
        }
        if (!report.watches().isEmpty()) {
            watchedHolds(html, report);
        }
        html.append("<script>\nconst DATA = ")
                .append(json(chartData(report)))
                .append(";\n")
                .append(SCRIPT)
                .append("</script>\n</body></html>\n");
        return html.toString();
    }

    /** What the charts draw: per workload and run the spectra and series over time, the WAL, sweeps and watches. */
    private static Map<String, Object> chartData(ComparisonReport report) {
        Map<String, Object> data = new LinkedHashMap<>();
        List<String> runIds = report.runs().stream().map(LoadedRun::id).toList();
        data.put("runs", runIds);
        data.put("colors", COLORS);
        List<Map<String, Object>> workloads = new ArrayList<>();
        for (String name : report.workloadNames()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("name", name);
            Map<String, Object> failures = new LinkedHashMap<>();
            Map<String, Object> latency = new LinkedHashMap<>();
            Map<String, Object> lockWait = new LinkedHashMap<>();
            Map<String, Object> hold = new LinkedHashMap<>();
            Map<String, Object> p99 = new LinkedHashMap<>();
            Map<String, Object> waitP99 = new LinkedHashMap<>();
            Map<String, Object> busy = new LinkedHashMap<>();
            for (LoadedRun r : report.runs()) {
                // Successes and failures apart: a configuration that fails fast must not look fast.
                // Runs from before the split recorded only the combined latency.
                Histogram success = r.histograms().get(name + ".success");
                latency.put(
                        r.id(),
                        spectrum(success != null ? success : r.histograms().get(name + ".latency")));
                failures.put(r.id(), spectrum(r.histograms().get(name + ".failure")));
                lockWait.put(r.id(), spectrum(r.histograms().get(name + ".wait")));
                hold.put(r.id(), spectrum(r.histograms().get(name + ".hold")));
                p99.put(r.id(), points(r.p99OverTime().get(name + ".latency")));
                waitP99.put(r.id(), points(r.p99OverTime().get(name + ".wait")));
                busy.put(r.id(), points(r.busyOverTime().get(name)));
            }
            w.put("latency", latency);
            w.put("failures", failures);
            w.put("lockWait", lockWait);
            w.put("hold", hold);
            w.put("p99", p99);
            w.put("waitP99", waitP99);
            w.put("busy", busy);
            workloads.add(w);
        }
        data.put("workloads", workloads);
        Map<String, Object> wal = new LinkedHashMap<>();
        report.runs().forEach(r -> wal.put(r.id(), points(r.walOverTime())));
        data.put("wal", wal);
        List<Map<String, Object>> sweeps = new ArrayList<>();
        for (SweepResults sweep : report.sweeps()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", sweep.id());
            s.put("objective", sweep.sweep().path("objective_meaning").asText("p99 of the other workloads"));
            s.put("keys", sweepKeys(sweep));
            List<Map<String, Object>> sweepPoints = new ArrayList<>();
            for (var p : sweep.sweep().path("points")) {
                if (!p.path("objective_ms").isNumber()) {
                    continue;
                }
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("label", pointValues(p));
                point.put("x", p.path("imports_per_second").asDouble());
                point.put("y", p.path("objective_ms").asDouble());
                point.put("recommended", p.path("recommended").asBoolean());
                point.put("failures", p.path("failures").asLong());
                sweepPoints.add(point);
            }
            s.put("points", sweepPoints);
            sweeps.add(s);
        }
        data.put("sweeps", sweeps);
        List<Map<String, Object>> watches = new ArrayList<>();
        for (WatchResults w : report.watches()) {
            Map<Long, double[]> timeline = w.summary().heldMsPerSecond();
            if (timeline == null || timeline.isEmpty()) {
                continue;
            }
            Map<String, Object> watch = new LinkedHashMap<>();
            watch.put("id", w.id());
            List<Map<String, Object>> lanes = new ArrayList<>();
            for (WatchReport.ProcessHolds p : w.summary().writeLockHolds()) {
                double[] perSecond = timeline.get(p.pid());
                if (perSecond == null) {
                    continue;
                }
                List<Map<String, Double>> held = new ArrayList<>();
                for (int second = 0; second < perSecond.length; second++) {
                    if (perSecond[second] > 0) {
                        held.add(Map.of("x", (double) second, "ms", perSecond[second]));
                    }
                }
                Map<String, Object> lane = new LinkedHashMap<>();
                lane.put("label", "pid " + p.pid() + " " + abbreviate(program(p.command()), 40));
                lane.put("held", held);
                lanes.add(lane);
            }
            watch.put("lanes", lanes);
            watches.add(watch);
        }
        data.put("watches", watches);
        return data;
    }

    /** A command line with its program's directory left out: {@code python3 writer.py app.db}. */
    static String program(String command) {
        int space = command.indexOf(' ');
        String first = space < 0 ? command : command.substring(0, space);
        return first.substring(first.lastIndexOf('/') + 1) + (space < 0 ? "" : command.substring(space));
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static void head(StringBuilder html, ComparisonReport report) {
        html.append(
                        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>lockbench report</title>\n<style>")
                .append(STYLE)
                .append("</style>\n<script>")
                .append(chartJs())
                .append("</script>\n</head><body>\n<header><h1>lockbench report</h1>\n");
        if (!report.runs().isEmpty()) {
            html.append("<table class=\"where\">");
            for (int i = 0; i < report.runs().size(); i++) {
                LoadedRun r = report.runs().get(i);
                html.append("<tr><td class=\"text\"><span class=\"swatch\" style=\"background:")
                        .append(COLORS.get(i % COLORS.size()))
                        .append("\"></span><b>")
                        .append(Xml.escape(r.id()))
                        .append("</b> (")
                        .append(Xml.escape(r.run().scenario()))
                        .append(")</td><td class=\"text\">")
                        .append(Xml.escape(ComparisonReport.where(r)))
                        .append("</td></tr>");
            }
            html.append("</table>\n");
        }
        html.append("</header>\n");
    }

    /** Per workload: the four headline figures of every run, large, each with a bar, and what failed. */
    private static void verdict(StringBuilder html, ComparisonReport report) {
        html.append("<section id=\"verdict\"><h2>Verdict</h2>\n<ul class=\"runs\">");
        for (LoadedRun r : report.runs()) {
            html.append("<li>")
                    .append(swatch(report, r.id()))
                    .append("<b>")
                    .append(Xml.escape(r.id()))
                    .append("</b>: ")
                    .append(Xml.escape(ComparisonReport.runHeadline(r)))
                    .append("</li>");
        }
        html.append("</ul>\n");
        for (String name : report.workloadNames()) {
            List<ComparisonReport.Headline> headlines = report.headlines(name);
            html.append("<div class=\"card\"><h3>").append(Xml.escape(name)).append("</h3>");
            html.append("<div class=\"status\">");
            for (ComparisonReport.Headline h : headlines) {
                html.append("<div class=\"")
                        .append(h.failed() ? "fail" : "pass")
                        .append("\">")
                        .append(swatch(report, h.run()))
                        .append(Xml.escape(h.run()))
                        .append(": ")
                        .append(
                                h.failed()
                                        ? "✗ FAILED — " + Xml.escape(String.join("; ", h.why()))
                                        : h.operations() == 0 ? "no operations" : "✓ passed")
                        .append("</div>");
            }
            html.append("</div><div class=\"figures\">");
            figure(
                    html,
                    report,
                    "BUSY share",
                    headlines,
                    ComparisonReport.Headline::busyShare,
                    v -> String.format(Locale.ROOT, "%.1f%%", 100 * v));
            figure(html, report, "worst hold", headlines, ComparisonReport.Headline::worstHoldMs, Millis::format);
            figure(html, report, "p99 wait", headlines, ComparisonReport.Headline::p99WaitMs, Millis::format);
            figure(html, report, "p99 latency", headlines, ComparisonReport.Headline::p99LatencyMs, Millis::format);
            html.append("</div></div>\n");
        }
        if (report.runs().size() > 1) {
            html.append("<h3>In words</h3><ul class=\"glance\">");
            report.verdicts()
                    .forEach(v -> html.append("<li>").append(Xml.escape(v)).append("</li>"));
            html.append("</ul>\n");
        }
        html.append("</section>\n");
    }

    private static void figure(
            StringBuilder html,
            ComparisonReport report,
            String label,
            List<ComparisonReport.Headline> headlines,
            ToDoubleFunction<ComparisonReport.Headline> value,
            DoubleFunction<String> format) {
        double max = headlines.stream()
                .mapToDouble(value)
                .filter(Double::isFinite)
                .max()
                .orElse(0);
        html.append("<div class=\"figure\"><div class=\"label\">").append(label).append("</div>");
        for (ComparisonReport.Headline h : headlines) {
            double v = value.applyAsDouble(h);
            double width = Double.isFinite(v) && max > 0 ? Math.max(1, 100 * v / max) : 0;
            html.append("<div class=\"row\"><span class=\"big\">")
                    .append(Double.isFinite(v) ? Xml.escape(format.apply(v)) : "–")
                    .append("</span><span class=\"bar\"><span style=\"width:")
                    .append(String.format(Locale.ROOT, "%.1f", width))
                    .append("%;background:")
                    .append(color(report, h.run()))
                    .append("\"></span></span></div>");
        }
        html.append("</div>");
    }

    private static String color(ComparisonReport report, String run) {
        int i = report.runs().stream().map(LoadedRun::id).toList().indexOf(run);
        return COLORS.get(Math.max(0, i) % COLORS.size());
    }

    private static String swatch(ComparisonReport report, String run) {
        return "<span class=\"swatch\" style=\"background:" + color(report, run) + "\"></span>";
    }

    /** A sweep: its recommendation, where the chart goes, and every point's figures. */
    private static void sweep(StringBuilder html, SweepResults sweep, int index) {
        html.append("<h2>Sweep ").append(Xml.escape(sweep.id())).append("</h2>\n");
        if (sweep.sweep().hasNonNull("recommendation")) {
            html.append("<p class=\"recommendation\"><b>Recommendation</b>: ")
                    .append(Xml.escape(sweep.sweep().path("recommendation").asText()))
                    .append("</p>\n");
        }
        html.append("<div class=\"wide\" id=\"sweep-").append(index).append("\"></div>\n");
        html.append("<table><tr><th>point</th><th>imports/s</th><th>objective p99</th><th>concurrent p99</th>")
                .append("<th>failures</th><th>recommended</th></tr>\n");
        for (var p : sweep.sweep().path("points")) {
            html.append("<tr>");
            cell(html, pointLabel(p));
            cell(
                    html,
                    String.format(
                            Locale.ROOT, "%.2f", p.path("imports_per_second").asDouble()));
            cell(
                    html,
                    p.path("objective_ms").isNumber()
                            ? Millis.format(p.path("objective_ms").asDouble())
                            : "–");
            cell(
                    html,
                    p.path("concurrent_p99_ms").isNumber()
                            ? Millis.format(p.path("concurrent_p99_ms").asDouble())
                            : "–");
            cell(html, Long.toString(p.path("failures").asLong()));
            cell(html, p.path("recommended").asBoolean() ? "★" : "");
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** A sweep point by its settings, keys without their section: {@code batch_size=5 busy_timeout_ms=2000}. */
    static String pointLabel(JsonNode point) {
        List<String> parts = new ArrayList<>();
        point.path("settings")
                .properties()
                .forEach(e -> parts.add(e.getKey().substring(e.getKey().lastIndexOf('.') + 1) + "="
                        + e.getValue().asText()));
        return parts.isEmpty() ? point.path("run_id").asText() : String.join(" ", parts);
    }

    /** A sweep point by its values alone, for a label beside it on the chart: {@code 5 / 2000}. */
    static String pointValues(JsonNode point) {
        List<String> values = new ArrayList<>();
        point.path("settings").properties().forEach(e -> values.add(e.getValue().asText()));
        return String.join(" / ", values);
    }

    /** The keys of a sweep's settings, without their section, in the order of {@link #pointValues}. */
    static String sweepKeys(SweepResults sweep) {
        List<String> keys = new ArrayList<>();
        sweep.sweep()
                .path("points")
                .path(0)
                .path("settings")
                .properties()
                .forEach(e -> keys.add(e.getKey().substring(e.getKey().lastIndexOf('.') + 1)));
        return String.join(" / ", keys);
    }

    private static void whatDiffers(StringBuilder html, ComparisonReport report) {
        Set<String> keys = report.differingKeys();
        html.append("<h2>Configuration that differs</h2>\n");
        if (keys.isEmpty()) {
            html.append("<p>Nothing: the runs have the same configuration.</p>\n");
            return;
        }
        List<String> settings = report.differingSettings();
        List<String> rules = report.differingExpectations();
        if (!settings.isEmpty()) {
            differing(html, report, settings);
        }
        if (!rules.isEmpty()) {
            html.append("<details><summary>")
                    .append(rules.size())
                    .append(" <code>expect:</code> rules differ</summary>\n");
            differing(html, report, rules);
            html.append("</details>\n");
        }
    }

    private static void differing(StringBuilder html, ComparisonReport report, List<String> keys) {
        html.append("<table><tr><th>key</th>");
        report.runs()
                .forEach(r -> html.append("<th>").append(Xml.escape(r.id())).append("</th>"));
        html.append("</tr>\n");
        for (String k : keys) {
            html.append("<tr><td>").append(Xml.escape(k)).append("</td>");
            report.runs()
                    .forEach(r -> html.append("<td>")
                            .append(Xml.escape(r.configuration().getOrDefault(k, "—")))
                            .append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static void workloads(StringBuilder html, ComparisonReport report) {
        html.append(
                        "<h2>All figures</h2>\n<table><tr><th>workload</th><th>run</th><th>ops</th><th>ops/s</th><th>p50 ms</th><th>p99 ms</th>")
                .append(
                        "<th>max ms</th><th>lock wait p99</th><th>conn wait p99</th><th>hold max</th><th>BUSY</th><th>errors</th>")
                .append("<th>inconsistent</th></tr>\n");
        for (String name : report.workloadNames()) {
            for (LoadedRun r : report.runs()) {
                WorkloadSummary w = r.workloads().get(name);
                if (w == null) {
                    continue;
                }
                html.append("<tr><td>")
                        .append(Xml.escape(name))
                        .append("</td><td>")
                        .append(Xml.escape(r.id()))
                        .append("</td>");
                cell(html, Long.toString(w.attempted()));
                cell(html, String.format(Locale.ROOT, "%.1f", w.operationsPerSecond()));
                for (String[] m : new String[][] {
                    {"latency", "p50"},
                    {"latency", "p99"},
                    {"latency", "max"},
                    {"lock_wait", "p99"},
                    {"connection_wait", "p99"},
                    {"hold", "max"}
                }) {
                    cell(html, ComparisonReport.num(ComparisonReport.stat(w, m[0], m[1])));
                }
                cell(html, Long.toString(w.busy()));
                cell(html, Long.toString(w.otherErrors()));
                cell(html, Long.toString(w.inconsistent()));
                html.append("</tr>\n");
            }
        }
        html.append("</table>\n");
    }

    private static void jmh(StringBuilder html, ComparisonReport report) {
        html.append(
                        "<h2>JMH</h2>\n<table><tr><th>file</th><th>benchmark</th><th>mode</th><th>params</th><th>threads</th>")
                .append("<th>score</th><th>±</th><th>unit</th></tr>\n");
        for (JmhResults file : report.jmh()) {
            for (JmhResults.Benchmark b : file.benchmarks()) {
                html.append("<tr><td>")
                        .append(Xml.escape(file.file().getFileName().toString()))
                        .append("</td>");
                cell(html, b.name());
                cell(html, b.mode());
                cell(html, b.params());
                cell(html, Integer.toString(b.threads()));
                cell(html, String.format(Locale.ROOT, "%.3f", b.score()));
                cell(html, String.format(Locale.ROOT, "%.3f", b.error()));
                cell(html, b.unit());
                html.append("</tr>\n");
            }
        }
        html.append("</table>\n");
    }

    private static void watchedHolds(StringBuilder html, ComparisonReport report) {
        html.append(
                        "<h2>Write-lock holds per process (lockbench watch and record)</h2>\n<table><tr><th>watch</th><th>pid</th>")
                .append(
                        "<th>holds</th><th>p50 ms</th><th>p99 ms</th><th>max ms</th><th>total ms</th><th>command</th></tr>\n");
        for (WatchResults w : report.watches()) {
            for (WatchReport.ProcessHolds p : w.summary().writeLockHolds()) {
                html.append("<tr>");
                cell(html, w.id());
                cell(html, Long.toString(p.pid()));
                cell(html, Long.toString(p.holds()));
                cell(html, String.format(Locale.ROOT, "%.2f", p.p50Ms()));
                cell(html, String.format(Locale.ROOT, "%.2f", p.p99Ms()));
                cell(html, String.format(Locale.ROOT, "%.2f", p.maxMs()));
                cell(html, String.format(Locale.ROOT, "%.2f", p.totalMs()));
                html.append("<td class=\"text\">")
                        .append(Xml.escape(p.command()))
                        .append("</td>");
                html.append("</tr>\n");
            }
        }
        html.append("</table>\n");
        for (WatchResults w : report.watches()) {
            String story = w.story();
            if (story != null) {
                html.append("<p class=\"story\"><b>")
                        .append(Xml.escape(w.id()))
                        .append("</b>: ")
                        .append(Xml.escape(story))
                        .append("</p>\n");
            }
        }
    }

    private static void cell(StringBuilder html, String value) {
        html.append("<td>").append(Xml.escape(value)).append("</td>");
    }

    static List<double[]> spectrum(Histogram h) {
        List<double[]> points = new ArrayList<>();
        if (h == null || h.getTotalCount() == 0) {
            return points;
        }
        for (HistogramIterationValue v : h.percentiles(5)) {
            double p = v.getPercentileLevelIteratedTo() / 100.0;
            if (p >= 1.0) {
                break;
            }
            points.add(new double[] {1 / (1 - p), v.getValueIteratedTo() / 1e6});
        }
        // The maximum sits at the right edge, never left of the last percentile point.
        double edge = Math.max(2, h.getTotalCount());
        double[] last = points.isEmpty() ? null : points.get(points.size() - 1);
        if (last != null && last[0] >= edge) {
            last[1] = Math.max(last[1], h.getMaxValue() / 1e6);
        } else {
            points.add(new double[] {edge, h.getMaxValue() / 1e6});
        }
        return points;
    }

    private static List<Map<String, Double>> points(List<double[]> series) {
        List<Map<String, Double>> points = new ArrayList<>();
        if (series != null) {
            series.forEach(p -> points.add(Map.of("x", p[0], "y", p[1])));
        }
        return points;
    }

    private static String json(Object value) {
        try {
            // Inside <script>: no "</script>" or "<!--" may appear, whatever the names contain.
            return Json.MAPPER
                    .writeValueAsString(value)
                    .replace("<", "\\u003c")
                    .replace(">", "\\u003e")
                    .replace("&", "\\u0026");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String chartJs() {
        ClassLoader loader = HtmlReport.class.getClassLoader();
        try (InputStream pom = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/chart.js/pom.properties")) {
            if (pom == null) {
                throw new IllegalStateException("Chart.js webjar missing from the class path");
            }
            Properties properties = new Properties();
            properties.load(pom);
            String path =
                    "META-INF/resources/webjars/chart.js/" + properties.getProperty("version") + "/dist/chart.umd.js";
            try (InputStream script = loader.getResourceAsStream(path)) {
                if (script == null) {
                    throw new IllegalStateException(path + " missing from the Chart.js webjar");
                }
                return new String(script.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String STYLE = String.join(
            "",
            "body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px;color:#111}",
            "table{border-collapse:collapse;margin:1em 0}",
            "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}",
            "td.text,th.text{text-align:left}table.where td{border:none;padding:1px 8px}",
            ".swatch{display:inline-block;width:.8em;height:.8em;margin-right:.4em;vertical-align:baseline}",
            ".card{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;margin:1em 0;break-inside:avoid}",
            ".card h3{margin:.2em 0}.status div{margin:.2em 0}ul.runs{font-size:1.2em;list-style:none;padding:0}",
            // Failures: vermillion, bold, and a sign and word, so they read in grey-scale print too.
            ".fail{color:#B33C00;font-weight:bold}.pass{color:#005A8C}",
            ".figures{display:grid;grid-template-columns:repeat(4,1fr);gap:1em;margin-top:.5em}",
            ".figure .label{font-size:.85em;color:#444;text-transform:uppercase;letter-spacing:.05em}",
            ".figure .row{display:flex;align-items:center;gap:.5em}",
            ".figure .big{font-size:1.6em;font-weight:600;min-width:5.5em;text-align:right}",
            ".figure .bar{flex:1;background:#eee;height:.9em;border:1px solid #999}",
            ".figure .bar span{display:block;height:100%}",
            ".charts{display:grid;grid-template-columns:1fr 1fr;gap:1em}.chart{height:280px}.wide .chart{height:380px}",
            "@media print{.figure .bar span,.swatch{-webkit-print-color-adjust:exact;print-color-adjust:exact}",
            "details{display:block}}");

    private static final String SCRIPT = """
            const COLORS = DATA.colors;
            const PERCENTILES = {2: 'p50', 10: 'p90', 100: 'p99', 1000: 'p99.9', 10000: 'p99.99', 100000: 'p99.999'};
            // Every chart drawn says how many points it has, and errors are kept: a page test reads both.
            const errors = [];
            window.addEventListener('error', e => { errors.push(String(e.message)); document.body.dataset.errors = errors.join(' | '); });
            function series(byRun, suffix, dashed) {
              return DATA.runs.filter(run => (byRun[run] || []).length > 0).map(run => {
                const color = COLORS[DATA.runs.indexOf(run) % COLORS.length];
                const data = byRun[run];
                // A series of one point has no line to show: draw the point.
                return {label: run + suffix, data: data, showLine: true, pointRadius: data.length === 1 ? 4 : 0,
                  borderColor: color, backgroundColor: color, borderWidth: 1.5, borderDash: dashed ? [6, 4] : []};
              });
            }
            // Over time, a line needs a few points to say anything; fewer are in the tables.
            function overTime(byRun) {
              return series(byRun, '', false).filter(s => s.data.length >= 4);
            }
            function anyAbove(datasets, y) {
              return datasets.some(s => s.data.some(p => p.y > y));
            }
            function chart(parent, title, datasets, options) {
              const points = datasets.reduce((n, s) => n + s.data.length, 0);
              if (points === 0) {
                return; // nothing to show: no chart at all, rather than an empty one
              }
              const box = document.createElement('div');
              box.className = 'chart';
              box.dataset.points = points;
              box.dataset.title = title;
              const canvas = document.createElement('canvas');
              box.appendChild(canvas);
              parent.appendChild(box);
              const x = options.x || {type: 'linear'};
              x.title = {display: true, text: options.xTitle};
              if (options.percentiles) {
                x.type = 'logarithmic';
                // Percentile axis: ticks at p50, p90, p99, p99.9 ... where the tail's story is.
                x.afterBuildTicks = axis => {
                  axis.ticks = Object.keys(PERCENTILES).map(Number).filter(v => v >= axis.min && v <= axis.max).map(v => ({value: v}));
                };
                x.ticks = {callback: v => PERCENTILES[v] || ''};
              }
              const y = options.y || {type: options.logY ? 'logarithmic' : 'linear', beginAtZero: !options.logY};
              y.title = {display: true, text: options.yTitle};
              new Chart(canvas, {type: 'scatter', data: {datasets: datasets}, plugins: options.pluginList || [], options: {
                animation: false, maintainAspectRatio: false, layout: {padding: {right: options.pluginList ? 80 : 0}},
                plugins: Object.assign({title: {display: true, text: title}}, options.plugins || {}),
                scales: {x: x, y: y}}});
            }
            function section(title) {
              const h = document.createElement('h2');
              h.textContent = title;
              root.appendChild(h);
              const grid = document.createElement('div');
              grid.className = 'charts';
              root.appendChild(grid);
              return grid;
            }
            const root = document.getElementById('charts');
            for (const w of DATA.workloads) {
              const grid = section(w.name);
              chart(grid, w.name + ': longest write-lock hold per operation (percentile spectrum)', series(w.hold, '', false),
                {percentiles: true, xTitle: 'percentile', yTitle: 'ms'});
              chart(grid, w.name + ': wait for the lock or the writer connection (percentile spectrum)', series(w.lockWait, '', false),
                {percentiles: true, xTitle: 'percentile', yTitle: 'ms'});
              chart(grid, w.name + ': latency (solid: successes, dashed: time to failure)',
                series(w.latency, ' ok', false).concat(series(w.failures, ' failed', true)),
                {percentiles: true, xTitle: 'percentile', yTitle: 'ms', logY: true});
              chart(grid, w.name + ': p99 wait (lock + writer connection) per interval', overTime(w.waitP99),
                {xTitle: 'seconds', yTitle: 'ms'});
              const busy = overTime(w.busy);
              if (anyAbove(busy, 0)) {
                chart(grid, w.name + ': BUSY per interval', busy, {xTitle: 'seconds', yTitle: 'BUSY errors'});
              }
              if (grid.children.length === 0) {
                grid.previousSibling.remove();
                grid.remove();
              }
            }
            const wal = overTime(DATA.wal);
            if (anyAbove(wal, 0)) {
              chart(section('WAL'), 'WAL file size', wal, {xTitle: 'seconds', yTitle: 'MB'});
            }
            // Each sweep point named beside it: a screenshot or a print has no tooltips.
            const pointLabels = {id: 'pointLabels', afterDatasetsDraw(c) {
              const ctx = c.ctx;
              ctx.save();
              ctx.font = '11px sans-serif';
              ctx.fillStyle = '#333';
              c.data.datasets.forEach((d, i) => c.getDatasetMeta(i).data.forEach((el, j) => {
                if (d.data[j].label) {
                  ctx.fillText(d.data[j].label, el.x + 8, el.y - 6);
                }
              }));
              ctx.restore();
            }};
            DATA.sweeps.forEach((s, index) => {
              if (s.points.length === 0) {
                return;
              }
              const grid = document.getElementById('sweep-' + index);
              const clean = {label: 'no failures', data: s.points.filter(p => !p.recommended && p.failures === 0),
                pointRadius: 6, borderColor: COLORS[0], backgroundColor: COLORS[0]};
              const failed = {label: 'with failures (BUSY, errors)', data: s.points.filter(p => !p.recommended && p.failures > 0),
                pointRadius: 7, pointStyle: 'crossRot', borderWidth: 2, borderColor: COLORS[5], backgroundColor: COLORS[5]};
              const best = {label: 'recommended', data: s.points.filter(p => p.recommended), pointRadius: 12,
                pointStyle: 'star', borderWidth: 2, borderColor: COLORS[2], backgroundColor: COLORS[2]};
              chart(grid, s.id + ': import throughput against ' + s.objective + ' (points labelled ' + s.keys + ')', [clean, failed, best].filter(d => d.data.length > 0), {
                xTitle: 'imports per second', yTitle: 'ms', pluginList: [pointLabels],
                plugins: {tooltip: {callbacks: {label: c => c.raw.label + (c.raw.failures > 0 ? ' (' + c.raw.failures + ' failures)' : '')}}}});
            });
            for (const w of DATA.watches) {
              if (w.lanes.length === 0) {
                continue;
              }
              const grid = section('Who held the write lock: ' + w.id);
              grid.className = '';
              const labels = w.lanes.map(l => l.label);
              const datasets = w.lanes.map((lane, i) => ({
                label: lane.label,
                data: lane.held.map(p => ({x: p.x, y: i, ms: p.ms})),
                pointStyle: 'rect',
                pointRadius: lane.held.map(p => Math.min(12, 2 + Math.sqrt(p.ms) / 3)),
                borderColor: COLORS[i % COLORS.length], backgroundColor: COLORS[i % COLORS.length]}));
              chart(grid, w.id + ': write-lock hold per second, one lane per process (larger: held longer)', datasets, {
                xTitle: 'seconds since the watch started', yTitle: 'process',
                y: {type: 'linear', min: -0.5, max: labels.length - 0.5, reverse: true,
                  afterBuildTicks: axis => { axis.ticks = labels.map((_, i) => ({value: i})); },
                  ticks: {callback: v => labels[v] || ''}},
                plugins: {tooltip: {callbacks: {label: c => c.dataset.label + ': ' + c.raw.ms.toFixed(1) + ' ms held in second ' + c.raw.x}}}});
            }
            document.body.dataset.charts = document.querySelectorAll('.chart').length;
            document.body.dataset.ready = 'true';
            """;
}
