package io.lockbench.harness.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lockbench.harness.text.Markdown;
import io.lockbench.harness.text.MarkdownTable;
import io.lockbench.harness.text.Millis;
import io.lockbench.harness.text.Xml;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A gate's verdict as Markdown (for a CI job summary), JUnit XML (one test case per workload and metric) and Bencher JSON. */
public final class GateReport {

    private GateReport() {}

    public static String markdown(GateResult g) {
        StringBuilder md = new StringBuilder("# Lock-wait gate: ")
                .append(Markdown.inline(g.scenario()))
                .append("\n\n");
        md.append(String.format(
                Locale.ROOT,
                "**%s** — candidate %s against baseline %s, %d and %d blocks, p99 ratio with a %.0f%% bootstrap"
                        + " interval, tolerance %.0f%%. A/A noise floor on this machine: ±%.0f%%. %.0f s.%n%n",
                g.verdict(),
                Markdown.code(g.candidateLabel()),
                Markdown.code(g.baselineLabel()),
                g.baselineBlocks(),
                g.candidateBlocks(),
                100 * g.confidence(),
                100 * g.tolerance(),
                100 * g.noiseFloor(),
                g.seconds()));
        MarkdownTable comparisons = MarkdownTable.of(
                        "workload", "metric", "baseline p99", "candidate p99", "ratio", "interval", "verdict")
                .align(2, MarkdownTable.Align.RIGHT)
                .align(3, MarkdownTable.Align.RIGHT)
                .align(4, MarkdownTable.Align.RIGHT);
        for (GateResult.Entry e : g.entries()) {
            P99RatioBootstrap.Result r = e.result();
            comparisons.row(
                    Markdown.inline(e.workload()),
                    e.metric(),
                    Millis.format(r.baselineP99Ms()),
                    Millis.format(r.candidateP99Ms()),
                    String.format(Locale.ROOT, "%.2f", r.ratio()),
                    interval(r),
                    r.verdict() == Verdict.PASS
                            ? "pass"
                            : "**" + r.verdict().name().toLowerCase(Locale.ROOT) + "**: "
                                    + Markdown.inline(r.reason()));
        }
        md.append(comparisons.render());
        md.append("\nA/A control (baseline blocks against themselves, resampled independently):\n\n");
        MarkdownTable control =
                MarkdownTable.of("workload", "metric", "ratio", "interval").align(2, MarkdownTable.Align.RIGHT);
        for (GateResult.Entry e : g.control()) {
            control.row(
                    Markdown.inline(e.workload()),
                    e.metric(),
                    String.format(Locale.ROOT, "%.2f", e.result().ratio()),
                    interval(e.result()));
        }
        md.append(control.render());
        return md.toString();
    }

    public static String junitXml(GateResult g) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        long failures = g.entries().stream()
                .filter(e -> e.result().verdict() == Verdict.REGRESSION)
                .count();
        long skipped = g.entries().stream()
                .filter(e -> e.result().verdict() == Verdict.INCONCLUSIVE)
                .count();
        // The attributes both the Jenkins xUnit and the Maven Surefire report schemas expect: errors on the
        // suite (always 0: a gate that cannot measure exits 3 and writes no report), a time on every case
        // (the gate's time shared evenly), a type on every failure.
        double perCase = g.entries().isEmpty() ? 0 : g.seconds() / g.entries().size();
        xml.append(String.format(
                Locale.ROOT,
                "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\"" + " time=\"%.3f\">%n",
                Xml.escape("lockbench gate " + g.scenario()),
                g.entries().size(),
                failures,
                skipped,
                g.seconds()));
        for (GateResult.Entry e : g.entries()) {
            P99RatioBootstrap.Result r = e.result();
            String message = String.format(
                    Locale.ROOT,
                    "p99 %s -> %s, ratio %.2f, interval %s: %s",
                    Millis.format(r.baselineP99Ms()),
                    Millis.format(r.candidateP99Ms()),
                    r.ratio(),
                    interval(r),
                    r.reason());
            xml.append(String.format(
                    Locale.ROOT,
                    "  <testcase name=\"%s p99\" classname=\"%s\" time=\"%.3f\">",
                    e.metric(),
                    Xml.escape(e.workload()),
                    perCase));
            switch (r.verdict()) {
                case REGRESSION ->
                    xml.append("<failure message=\"")
                            .append(Xml.escape(message))
                            .append("\" type=\"lockbench.LockWaitRegression\">")
                            .append(Xml.escape(message))
                            .append("</failure>");
                case INCONCLUSIVE ->
                    xml.append("<skipped message=\"")
                            .append(Xml.escape(message))
                            .append("\"/>");
                default ->
                    xml.append("<system-out>").append(Xml.escape(message)).append("</system-out>");
            }
            xml.append("</testcase>\n");
        }
        return xml.append("</testsuite>\n").toString();
    }

    /** Bencher Metric Format: {@code {"<scenario>/<workload>": {"<metric>_p99_ms": {"value", "lower_value", "upper_value"}}}}. */
    public static String bencherJson(GateResult g) {
        Map<String, Map<String, Map<String, Double>>> bmf = new LinkedHashMap<>();
        for (GateResult.Entry e : g.entries()) {
            P99RatioBootstrap.Result r = e.result();
            Map<String, Double> measure = new LinkedHashMap<>();
            double value = r.candidateP99Ms();
            measure.put("value", value);
            if (!Double.isNaN(r.low())) {
                // The ratio's interval carried over to the candidate's own p99; widened to hold it where
                // the floor or an asymmetric bootstrap puts the estimate outside the interval.
                double scale = value / Math.max(r.ratio(), 1e-12);
                measure.put("lower_value", Math.min(value, scale * r.low()));
                measure.put("upper_value", Math.max(value, scale * r.high()));
            }
            bmf.computeIfAbsent(g.scenario() + "/" + e.workload(), k -> new LinkedHashMap<>())
                    .put(e.metric() + "_p99_ms", measure);
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(bmf);
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static String interval(P99RatioBootstrap.Result r) {
        return Double.isNaN(r.low()) ? "–" : String.format(Locale.ROOT, "[%.2f, %.2f]", r.low(), r.high());
    }
}
