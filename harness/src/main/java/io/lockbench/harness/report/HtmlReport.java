package io.lockbench.harness.report;

import io.lockbench.harness.json.Json;
import io.lockbench.harness.results.RunResult.WorkloadSummary;
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
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * One self-contained HTML file (Chart.js inlined, no network needed): the tables of the Markdown
 * report and, per workload, the percentile spectrum of latency and lock wait (x: 1/(1−p) on a log
 * scale, so p99 and p99.9 get room), p99 latency and BUSY per interval, and the WAL size of each run.
 */
public final class HtmlReport {

    private HtmlReport() {}

    public static String render(ComparisonReport report) {
        StringBuilder html = new StringBuilder();
        head(html);
        if (report.runs().size() > 1) {
            whatDiffers(html, report);
        }
        workloads(html, report);
        if (!report.jmh().isEmpty()) {
            jmh(html, report);
        }
        if (!report.watches().isEmpty()) {
            watchedHolds(html, report);
        }
        html.append("<div id=\"charts\"></div>\n<script>\nconst DATA = ")
                .append(json(chartData(report)))
                .append(";\n")
                .append(SCRIPT)
                .append("</script>\n</body></html>\n");
        return html.toString();
    }

    /** What the charts draw, per workload and run: outcome, latency and wait spectra, p99 and BUSY over time, WAL. */
    private static Map<String, Object> chartData(ComparisonReport report) {
        Map<String, Object> data = new LinkedHashMap<>();
        List<String> runIds = report.runs().stream().map(LoadedRun::id).toList();
        data.put("runs", runIds);
        List<Map<String, Object>> workloads = new ArrayList<>();
        for (String name : report.workloadNames()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("name", name);
            Map<String, String> outcomes = new LinkedHashMap<>();
            Map<String, Object> failures = new LinkedHashMap<>();
            Map<String, Object> latency = new LinkedHashMap<>();
            Map<String, Object> lockWait = new LinkedHashMap<>();
            Map<String, Object> p99 = new LinkedHashMap<>();
            Map<String, Object> waitP99 = new LinkedHashMap<>();
            Map<String, Object> busy = new LinkedHashMap<>();
            for (LoadedRun r : report.runs()) {
                WorkloadSummary summary = r.workloads().get(name);
                outcomes.put(r.id(), summary == null ? "not in this run" : ComparisonReport.outcome(summary));
                // Successes and failures apart: a configuration that fails fast must not look fast.
                // Runs from before the split recorded only the combined latency.
                Histogram success = r.histograms().get(name + ".success");
                latency.put(
                        r.id(),
                        spectrum(success != null ? success : r.histograms().get(name + ".latency")));
                failures.put(r.id(), spectrum(r.histograms().get(name + ".failure")));
                lockWait.put(r.id(), spectrum(r.histograms().get(name + ".wait")));
                p99.put(r.id(), points(r.p99OverTime().get(name + ".latency")));
                waitP99.put(r.id(), points(r.p99OverTime().get(name + ".wait")));
                busy.put(r.id(), points(r.busyOverTime().get(name)));
            }
            w.put("outcomes", outcomes);
            w.put("latency", latency);
            w.put("failures", failures);
            w.put("lockWait", lockWait);
            w.put("p99", p99);
            w.put("waitP99", waitP99);
            w.put("busy", busy);
            workloads.add(w);
        }
        data.put("workloads", workloads);
        Map<String, Object> wal = new LinkedHashMap<>();
        report.runs().forEach(r -> wal.put(r.id(), points(r.walOverTime())));
        data.put("wal", wal);

        return data;
    }

    private static void head(StringBuilder html) {
        html.append(
                        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>lockbench report</title>\n<style>")
                .append(
                        "body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;margin:1em 0}")
                .append(
                        "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}"
                                + "td.text,th.text{text-align:left}")
                .append(".charts{display:grid;grid-template-columns:1fr 1fr;gap:1em}.chart{height:280px}</style>\n")
                .append("<script>")
                .append(chartJs())
                .append("</script>\n</head><body>\n<h1>lockbench report</h1>\n");
    }

    private static void whatDiffers(StringBuilder html, ComparisonReport report) {
        html.append("<h2>What differs</h2>\n<table><tr><th>key</th>");
        report.runs()
                .forEach(r -> html.append("<th>").append(Xml.escape(r.id())).append("</th>"));
        html.append("</tr>\n");
        for (String k : report.differingKeys()) {
            html.append("<tr><td>").append(Xml.escape(k)).append("</td>");
            report.runs()
                    .forEach(r -> html.append("<td>")
                            .append(Xml.escape(r.configuration().getOrDefault(k, "—")))
                            .append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</table>\n<h2>At a glance</h2>\n<ul>");
        report.verdicts().forEach(v -> html.append("<li>").append(Xml.escape(v)).append("</li>"));
        html.append("</ul>\n");
    }

    private static void workloads(StringBuilder html, ComparisonReport report) {
        html.append(
                        "<h2>Workloads</h2>\n<table><tr><th>workload</th><th>run</th><th>ops</th><th>ops/s</th><th>p50 ms</th><th>p99 ms</th>")
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
        html.append("<h2>Write-lock holds seen by lockbench watch</h2>\n<table><tr><th>watch</th><th>pid</th>")
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

    private static final String SCRIPT = """
            const COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
            const PERCENTILES = {2: 'p50', 10: 'p90', 100: 'p99', 1000: 'p99.9', 10000: 'p99.99', 100000: 'p99.999'};
            function series(byRun, suffix, dashed) {
              return DATA.runs.filter(run => (byRun[run] || []).length > 0).map(run => {
                const color = COLORS[DATA.runs.indexOf(run) % COLORS.length];
                const data = byRun[run];
                // A series of one point has no line to show: draw the point.
                return {label: run + suffix, data: data, showLine: true, pointRadius: data.length === 1 ? 4 : 0,
                  borderColor: color, backgroundColor: color, borderWidth: 1.5, borderDash: dashed ? [6, 4] : []};
              });
            }
            function empty(parent, title) {
              const box = document.createElement('p');
              box.className = 'empty';
              box.textContent = title + ': no operations';
              parent.appendChild(box);
            }
            function chart(parent, title, datasets, xTitle, yTitle, logX, logY) {
              if (datasets.length === 0) {
                empty(parent, title);
                return;
              }
              const box = document.createElement('div');
              box.className = 'chart';
              const canvas = document.createElement('canvas');
              box.appendChild(canvas);
              parent.appendChild(box);
              const x = {type: logX ? 'logarithmic' : 'linear', title: {display: true, text: xTitle}};
              if (logX) {
                // Percentile axis: ticks at p50, p90, p99, p99.9 ... where the tail's story is.
                x.afterBuildTicks = axis => {
                  axis.ticks = Object.keys(PERCENTILES).map(Number).filter(v => v >= axis.min && v <= axis.max).map(v => ({value: v}));
                };
                x.ticks = {callback: v => PERCENTILES[v] || ''};
              }
              new Chart(canvas, {type: 'scatter', data: {datasets: datasets}, options: {
                animation: false, maintainAspectRatio: false,
                plugins: {title: {display: true, text: title}},
                scales: {x: x, y: {type: logY ? 'logarithmic' : 'linear', title: {display: true, text: yTitle}}}}});
            }
            const root = document.getElementById('charts');
            for (const w of DATA.workloads) {
              const h = document.createElement('h2');
              h.textContent = w.name;
              root.appendChild(h);
              const summary = document.createElement('ul');
              for (const run of DATA.runs) {
                const li = document.createElement('li');
                li.textContent = run + ': ' + w.outcomes[run];
                summary.appendChild(li);
              }
              root.appendChild(summary);
              const grid = document.createElement('div');
              grid.className = 'charts';
              root.appendChild(grid);
              chart(grid, w.name + ': latency percentile spectrum (solid: successes, dashed: time to failure)',
                series(w.latency, ' ok', false).concat(series(w.failures, ' failed', true)), 'percentile', 'ms', true, true);
              chart(grid, w.name + ': wait for the lock or the writer connection (percentile spectrum)', series(w.lockWait, '', false),
                'percentile', 'ms', true, false);
              chart(grid, w.name + ': p99 latency per interval', series(w.p99, '', false), 'seconds', 'ms', false, false);
              chart(grid, w.name + ': p99 wait (lock + writer connection) per interval', series(w.waitP99, '', false), 'seconds', 'ms', false, false);
              chart(grid, w.name + ': BUSY per interval', series(w.busy, '', false), 'seconds', 'BUSY errors', false, false);
            }
            const h = document.createElement('h2');
            h.textContent = 'WAL';
            root.appendChild(h);
            chart(root, 'WAL file size', series(DATA.wal, '', false), 'seconds', 'MB', false, false);
            """;
}
