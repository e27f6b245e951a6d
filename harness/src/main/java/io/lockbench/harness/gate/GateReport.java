package io.lockbench.harness.gate;

import io.lockbench.harness.json.Json;
import io.lockbench.harness.text.Markdown;
import io.lockbench.harness.text.MarkdownTable;
import io.lockbench.harness.text.Millis;
import io.lockbench.harness.text.Xml;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** A gate's verdict as Markdown (for a CI job summary), JUnit XML (one test case per workload and metric) and Bencher JSON. */
public final class GateReport {

    static final int LISTED_BUSY_BLOCKS = 5;

    private GateReport() {}

    public static String markdown(GateResult g) {
        StringBuilder md = new StringBuilder("# Lock-wait gate: ")
                .append(Markdown.inline(g.scenario()))
                .append("\n\n");
        for (String note : g.notes()) {
            md.append("> **Note:** ").append(Markdown.inline(note)).append("\n\n");
        }
        md.append(String.format(
                Locale.ROOT,
                "**%s** — %s. Candidate %s against baseline %s, %d and %d blocks, p99 ratio per workload and metric,"
                        + " tolerance %.0f%%. %.0f s.%n%n",
                g.verdict(),
                headline(g),
                Markdown.code(g.candidateLabel()),
                Markdown.code(g.baselineLabel()),
                g.baselineBlocks(),
                g.candidateBlocks(),
                100 * g.design().tolerance(),
                g.seconds()));
        MarkdownTable comparisons = MarkdownTable.of(
                        "workload", "metric", "baseline", "candidate", "ratio", "interval", "detectable", "verdict")
                .align(2, MarkdownTable.Align.RIGHT)
                .align(3, MarkdownTable.Align.RIGHT)
                .align(4, MarkdownTable.Align.RIGHT)
                .align(6, MarkdownTable.Align.RIGHT);
        for (GateDesign.Comparison e : g.entries()) {
            comparisons.row(
                    Markdown.inline(e.workload()),
                    figure(e.metric()),
                    value(e.metric(), e.estimate().baselineP99Ms()),
                    value(e.metric(), e.estimate().candidateP99Ms()),
                    bound(e.estimate().ratio()),
                    interval(e),
                    detectable(e),
                    (e.verdict() == Verdict.PASS ? "pass" : "**" + label(e.verdict()) + "**") + ": "
                            + Markdown.inline(e.reason()));
        }
        md.append(comparisons.render());
        boolean paired = g.entries().stream().anyMatch(e -> e.estimate().paired());
        md.append(String.format(
                Locale.ROOT,
                "%nHow to read it: *ratio* is how much larger a candidate block's p99 typically is than "
                        + (paired
                                ? "the baseline block run beside it (the Hodges–Lehmann estimate over the pairs); *interval* is"
                                        + " where that ratio lies at this gate's confidence, from Wilcoxon's signed-rank test"
                                : "a baseline block's (the Hodges–Lehmann estimate over all pairs of blocks); *interval* is where"
                                        + " that ratio lies at this gate's confidence, from the Mann–Whitney test")
                        + " (%s). A row passes"
                        + " when its whole interval is at or under %.2f and regresses when it is wholly above; the gate passes"
                        + " when every row passes, or when every exact count passes and no undecided p99 ratio is estimated above"
                        + " that limit by more than its standard error, nor a CPU time above its own. *Detectable* is the smallest p99 increase these blocks would have"
                        + " called a regression with %.0f%% power.%n%n",
                Markdown.inline(g.design().describe()),
                g.design().limit(),
                100 * GateDesign.POWER));
        md.append("Stopped: ").append(Markdown.inline(g.stop())).append(".\n");
        List<BlockLoad> busy = g.blocksUnderLoad();
        if (!g.loads().isEmpty()) {
            md.append(String.format(
                    Locale.ROOT,
                    "%nMachine load: %d of %d blocks ran beside other work (other processes using %.1f cores or more, or"
                            + " %.0f%% steal)%s%n",
                    busy.size(),
                    g.loads().size(),
                    BlockLoad.BUSY_CORES,
                    100 * BlockLoad.BUSY_STEAL,
                    busy.isEmpty() ? "." : ": their waits include that work's, and the interval is wider for it."));
            // A handful names the blocks; past that the machine was busy throughout, and the range says it.
            for (BlockLoad load : busy.subList(0, Math.min(busy.size(), LISTED_BUSY_BLOCKS))) {
                md.append("- ").append(Markdown.inline(load.describe())).append('\n');
            }
            if (busy.size() > LISTED_BUSY_BLOCKS) {
                md.append(String.format(
                        Locale.ROOT,
                        "- and %d more; other processes used %.2f to %.2f cores during the blocks listed or not%n",
                        busy.size() - LISTED_BUSY_BLOCKS,
                        busy.stream()
                                .mapToDouble(BlockLoad::otherCpuCores)
                                .min()
                                .orElse(0),
                        busy.stream()
                                .mapToDouble(BlockLoad::otherCpuCores)
                                .max()
                                .orElse(0)));
            }
        }
        return md.toString();
    }

    /** The verdict in words a CI summary can lead with. */
    static String headline(GateResult g) {
        long undecided = g.entries().stream()
                .filter(e -> e.verdict() == Verdict.INCONCLUSIVE)
                .count();
        boolean counts = g.entries().stream().anyMatch(GateDesign.Comparison::countTier);
        boolean countRegressed = g.entries().stream().anyMatch(e -> e.countTier() && e.verdict() == Verdict.REGRESSION);
        return switch (g.verdict()) {
            case PASS ->
                undecided > 0
                        ? String.format(
                                Locale.ROOT,
                                "every exact count within %.0f%% and the blocks' spread; %d rows (p99 ratios, CPU"
                                        + " time) undecided, none estimated past its limit (the tails could have"
                                        + " detected %s)",
                                100 * g.design().tolerance(),
                                undecided,
                                smallestDetectable(g))
                        : String.format(
                                Locale.ROOT,
                                "every %s within %.0f%%, with every interval under the limit",
                                counts ? "count and p99 ratio is" : "p99 ratio is",
                                100 * g.design().tolerance());
            case REGRESSION ->
                countRegressed
                        ? "a count per write transaction grew beyond the tolerance and the blocks' own spread"
                        : "a p99 grew by more than the tolerance, beyond the noise";
            case INCONCLUSIVE ->
                String.format(
                        Locale.ROOT,
                        "%d of %d comparisons undecided: these blocks cannot tell a change within the tolerance from a"
                                + " regression%s",
                        undecided,
                        g.entries().size(),
                        moreBlocks(g));
        };
    }

    /** The largest detectable ratio among the undecided tails, as "x1.8 or more". */
    private static String smallestDetectable(GateResult g) {
        double worst = g.entries().stream()
                .filter(e -> !e.countTier() && e.verdict() == Verdict.INCONCLUSIVE)
                .mapToDouble(GateDesign.Comparison::detectable)
                .max()
                .orElse(Double.NaN);
        return Double.isFinite(worst)
                ? String.format(Locale.ROOT, "a p99 growth of x%.2f or more", worst)
                : "no p99 growth with so few blocks";
    }

    private static String moreBlocks(GateResult g) {
        int most = g.entries().stream()
                .mapToInt(GateDesign.Comparison::blocksNeeded)
                .max()
                .orElse(0);
        if (most <= 0) {
            return "";
        }
        return most >= GateDesign.MAX_BLOCKS_NEEDED
                ? " (at least one ratio sits too close to the limit to decide)"
                : " (about " + most + (most == 1 ? " more block" : " more blocks") + " a side would decide them)";
    }

    private static String label(Verdict v) {
        return v == Verdict.INCONCLUSIVE ? "undecided" : v.name().toLowerCase(Locale.ROOT);
    }

    /** The gate as a JUnit XML report: one test case per compared metric, a regression a failure, undecided skipped. */
    public static String junitXml(GateResult g) {
        long failures = g.entries().stream()
                .filter(e -> e.verdict() == Verdict.REGRESSION)
                .count();
        long skipped = g.entries().stream()
                .filter(e -> e.verdict() == Verdict.INCONCLUSIVE)
                .count();
        // The attributes both the Jenkins xUnit and the Maven Surefire report schemas expect: errors on the
        // suite (always 0: a gate that cannot measure exits 3 and writes no report), a time on every case
        // (the gate's time shared evenly), a type on every failure.
        double perCase = g.entries().isEmpty() ? 0 : g.seconds() / g.entries().size();
        StringWriter text = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", Xml.legal("lockbench gate " + g.scenario()));
            xml.writeAttribute("tests", Integer.toString(g.entries().size()));
            xml.writeAttribute("failures", Long.toString(failures));
            xml.writeAttribute("errors", "0");
            xml.writeAttribute("skipped", Long.toString(skipped));
            xml.writeAttribute("time", seconds(g.seconds()));
            xml.writeCharacters("\n");
            for (GateDesign.Comparison e : g.entries()) {
                String message = Xml.legal(String.format(
                        Locale.ROOT,
                        "%s %s -> %s, ratio %s, interval %s: %s",
                        figure(e.metric()),
                        value(e.metric(), e.estimate().baselineP99Ms()),
                        value(e.metric(), e.estimate().candidateP99Ms()),
                        bound(e.estimate().ratio()),
                        interval(e),
                        e.reason()));
                xml.writeCharacters("  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("name", Xml.legal(figure(e.metric())));
                xml.writeAttribute("classname", Xml.legal(e.workload()));
                xml.writeAttribute("time", seconds(perCase));
                switch (e.verdict()) {
                    case REGRESSION -> {
                        xml.writeStartElement("failure");
                        xml.writeAttribute("message", message);
                        xml.writeAttribute("type", "lockbench.LockWaitRegression");
                        xml.writeCharacters(message);
                        xml.writeEndElement();
                    }
                    case INCONCLUSIVE -> {
                        xml.writeEmptyElement("skipped");
                        xml.writeAttribute("message", message);
                    }
                    default -> {
                        xml.writeStartElement("system-out");
                        xml.writeCharacters(message);
                        xml.writeEndElement();
                    }
                }
                xml.writeEndElement();
                xml.writeCharacters("\n");
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit report", e);
        }
        return text.toString();
    }

    private static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }

    /**
     * Bencher Metric Format: {@code {"<scenario>/<workload>": {"<metric>_p99_ms": {"value", "lower_value",
     * "upper_value"}}}} ({@link #bencherName} for the command gate's figures that are not percentiles).
     */
    public static String bencherJson(GateResult g) {
        Map<String, Map<String, Map<String, Double>>> bmf = new LinkedHashMap<>();
        for (GateDesign.Comparison e : g.entries()) {
            Map<String, Double> measure = new LinkedHashMap<>();
            double value = e.estimate().candidateP99Ms();
            measure.put("value", value);
            if (e.low() > 0 && !Double.isInfinite(e.high())) {
                // The ratio's interval carried over to the candidate's own p99; widened to hold it where
                // the floor puts the estimate outside the interval.
                double scale = value / Math.max(e.estimate().ratio(), 1e-12);
                measure.put("lower_value", Math.min(value, scale * e.low()));
                measure.put("upper_value", Math.max(value, scale * e.high()));
            }
            bmf.computeIfAbsent(g.scenario() + "/" + e.workload(), k -> new LinkedHashMap<>())
                    .put(bencherName(e.metric()), measure);
        }
        try {
            return Json.pretty().writeValueAsString(bmf);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * What a metric's per-block figure is: the p99 of its operations (or holds), except for a command
     * gate's total hold time per block and number of BUSY lines per block, which are not percentiles.
     */
    static String figure(String metric) {
        return switch (metric) {
            case "hold_total" -> "hold_total (ms per block)";
            case "busy_lines" -> "busy_lines (per block)";
            case "busy" -> "busy (SQLITE_BUSY per block)";
            case "transactions" -> "transactions (count, per block)";
            default -> CountTier.isCount(metric) ? metric + " (count)" : metric + " p99";
        };
    }

    /** A per-block figure as its metric counts: lines and counts as numbers, everything else as a duration. */
    static String value(String metric, double figure) {
        if (metric.equals("busy_lines") || metric.equals("busy")) {
            return String.format(Locale.ROOT, "%.0f", figure);
        }
        return CountTier.isCount(metric) ? CountTier.format(figure) : Millis.format(figure);
    }

    /** The Bencher metric name: {@code <metric>_p99_ms}, {@code hold_total_ms}, {@code busy_lines}. */
    static String bencherName(String metric) {
        return switch (metric) {
            case "hold_total" -> "hold_total_ms";
            case "busy_lines", "busy" -> metric;
            default -> CountTier.isCount(metric) ? metric : metric + "_p99_ms";
        };
    }

    static String interval(GateDesign.Comparison e) {
        if (!hasInterval(e)) {
            return "–";
        }
        return "[" + bound(e.low()) + ", " + bound(e.high()) + "]";
    }

    private static boolean hasInterval(GateDesign.Comparison e) {
        return e.low() > 0 || !Double.isInfinite(e.high());
    }

    private static String bound(double value) {
        return value == 0 ? "0" : Double.isInfinite(value) ? "∞" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String detectable(GateDesign.Comparison e) {
        return Double.isInfinite(e.detectable()) || e.detectable() > 100
                ? "–"
                : String.format(Locale.ROOT, "+%.0f%%", 100 * (e.detectable() - 1));
    }
}
