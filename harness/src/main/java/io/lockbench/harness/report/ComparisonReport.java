package io.lockbench.harness.report;

import io.lockbench.harness.results.RunResult.WorkloadSummary;
import io.lockbench.harness.text.Millis;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Any number of runs (and JMH result files) side by side: what differs in their configuration, a
 * verdict per workload, the percentiles, BUSY counts by code and phase. Markdown for people and CI
 * job summaries, CSV for spreadsheets; {@link HtmlReport} adds the charts.
 */
public final class ComparisonReport {

    static final String[] METRICS = {"latency", "success", "failure", "lock_wait", "connection_wait", "hold"};
    static final String[] STATS = {"p50", "p90", "p99", "p999", "max"};

    private final List<LoadedRun> runs;
    private final List<JmhResults> jmh;
    private final List<WatchResults> watches;
    private final List<SweepResults> sweeps;

    public ComparisonReport(List<LoadedRun> runs, List<JmhResults> jmh) {
        this(runs, jmh, List.of());
    }

    public ComparisonReport(List<LoadedRun> runs, List<JmhResults> jmh, List<WatchResults> watches) {
        this(runs, jmh, watches, List.of());
    }

    public ComparisonReport(
            List<LoadedRun> runs, List<JmhResults> jmh, List<WatchResults> watches, List<SweepResults> sweeps) {
        this.runs = List.copyOf(runs);
        this.jmh = List.copyOf(jmh);
        this.watches = List.copyOf(watches);
        this.sweeps = List.copyOf(sweeps);
    }

    public List<SweepResults> sweeps() {
        return sweeps;
    }

    /**
     * The four figures a reader looks at first, for one workload in one run: the share of its operations
     * that ended in BUSY, its longest write-lock hold (NaN when it held none), its p99 wait for the lock and
     * the writer connection, its p99 latency; and whether it failed (an expectation, or any failure when it
     * has no expectations), with what failed.
     */
    public record Headline(
            String run,
            long operations,
            double busyShare,
            double worstHoldMs,
            double p99WaitMs,
            double p99LatencyMs,
            boolean failed,
            List<String> why) {}

    /**
     * Where and when a run was measured, in one line: date, machine (host, CPUs, model, OS), lockbench
     * commit and the load average when it started. Older runs say less.
     */
    public static String where(LoadedRun r) {
        Map<String, Object> env =
                r.run().environment() == null ? Map.of() : r.run().environment();
        List<String> parts = new ArrayList<>();
        if (r.run().startedAt() != null) {
            parts.add(r.run()
                    .startedAt()
                    .replace('T', ' ')
                    .replaceAll("\\.\\d+", "")
                    .replace("Z", " UTC"));
        }
        StringBuilder machine = new StringBuilder();
        if (env.get("host") != null) {
            machine.append(env.get("host")).append(": ");
        }
        if (env.get("cpus") != null) {
            machine.append(env.get("cpus")).append(" CPUs");
        }
        if (env.get("cpu_model") != null) {
            machine.append(" (").append(env.get("cpu_model")).append(')');
        }
        if (env.get("os") != null) {
            machine.append(", ").append(env.get("os"));
        }
        if (machine.length() > 0) {
            parts.add(machine.toString());
        }
        if (env.get("lockbench_commit") instanceof String commit) {
            parts.add("lockbench " + commit.substring(0, Math.min(12, commit.length()))
                    + (Boolean.TRUE.equals(env.get("lockbench_commit_dirty")) ? " (uncommitted changes)" : ""));
        }
        if (env.get("load_average_1m") instanceof Number load) {
            parts.add(String.format(Locale.ROOT, "load %.2f at start", load.doubleValue()));
        }
        if (Boolean.TRUE.equals(env.get("ci"))) {
            parts.add("in CI");
        }
        return String.join("; ", parts);
    }

    /**
     * A run in one sentence, across its workloads: how many operations ended in BUSY, the longest write-lock
     * hold and the worst p99 wait, each with its workload ("0 BUSY of 309 operations; longest hold 301.2 ms
     * (reimport); worst p99 wait 1.13 s (import)").
     */
    public static String runHeadline(LoadedRun r) {
        long busy = 0;
        long operations = 0;
        String holdIn = null;
        double hold = -1;
        String waitIn = null;
        double wait = -1;
        for (WorkloadSummary w : r.workloads().values()) {
            busy += w.busy();
            operations += w.attempted();
            if (w.stats("hold").count() > 0 && stat(w, "hold", "max") > hold) {
                hold = stat(w, "hold", "max");
                holdIn = w.name();
            }
            if (w.attempted() > 0 && stat(w, "wait", "p99") > wait) {
                wait = stat(w, "wait", "p99");
                waitIn = w.name();
            }
        }
        StringBuilder line = new StringBuilder(String.format(
                Locale.ROOT,
                "%d BUSY of %d operations%s",
                busy,
                operations,
                operations == 0 ? "" : String.format(Locale.ROOT, " (%.1f%%)", 100.0 * busy / operations)));
        if (holdIn != null) {
            line.append("; longest hold ")
                    .append(Millis.format(hold))
                    .append(" (")
                    .append(holdIn)
                    .append(')');
        }
        if (waitIn != null) {
            line.append("; worst p99 wait ")
                    .append(Millis.format(wait))
                    .append(" (")
                    .append(waitIn)
                    .append(')');
        }
        return line.toString();
    }

    /** The headline of {@code workload} in every run that has it, in run order. */
    public List<Headline> headlines(String workload) {
        List<Headline> list = new ArrayList<>();
        for (LoadedRun r : runs) {
            WorkloadSummary w = r.workloads().get(workload);
            if (w == null) {
                continue;
            }
            List<String> why = new ArrayList<>();
            w.checks().stream()
                    .filter(c -> !c.passed())
                    .forEach(c -> why.add(c.rule() + " " + c.limit() + ", was " + c.actual()));
            if (w.checks().isEmpty() && bad(w) > 0) {
                why.add(counts(w));
            }
            list.add(new Headline(
                    r.id(),
                    w.attempted(),
                    w.attempted() == 0 ? 0 : (double) w.busy() / w.attempted(),
                    // An operation that never got the write lock held it for 0: no hold, not a short one.
                    w.stats("hold").count() == 0 || stat(w, "hold", "max") < 0.001
                            ? Double.NaN
                            : stat(w, "hold", "max"),
                    stat(w, "wait", "p99"),
                    stat(w, "latency", "p99"),
                    !why.isEmpty(),
                    why));
        }
        return list;
    }

    public List<WatchResults> watches() {
        return watches;
    }

    public List<LoadedRun> runs() {
        return runs;
    }

    List<JmhResults> jmh() {
        return jmh;
    }

    /** Configuration keys whose values are not the same in every run. */
    public Set<String> differingKeys() {
        Set<String> keys = new TreeSet<>();
        runs.forEach(r -> keys.addAll(r.configuration().keySet()));
        keys.removeIf(k -> runs.stream()
                        .map(r -> r.configuration().getOrDefault(k, "—"))
                        .distinct()
                        .count()
                <= 1);
        return keys;
    }

    /** The differing keys that are settings: what ran differently. */
    List<String> differingSettings() {
        return differingKeys().stream().filter(k -> !isExpectation(k)).toList();
    }

    /**
     * The differing keys that are {@code expect:} rules: what was checked, not what ran, and so folded
     * below the settings in a report.
     */
    List<String> differingExpectations() {
        return differingKeys().stream().filter(ComparisonReport::isExpectation).toList();
    }

    private static boolean isExpectation(String key) {
        return key.contains(".expect.");
    }

    /** Workload names in the order of first appearance. */
    public List<String> workloadNames() {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(r -> names.addAll(r.workloads().keySet()));
        return new ArrayList<>(names);
    }

    static double stat(WorkloadSummary workload, String metric, String stat) {
        return workload.stats(metric).value(stat);
    }

    /**
     * One sentence per workload that appears in several runs. Failures decide first (an operation
     * that failed fast with BUSY also looks fast); among runs with the fewest failures, the lowest p99
     * latency wins.
     */
    public List<String> verdicts() {
        List<String> lines = new ArrayList<>();
        for (String name : workloadNames()) {
            List<LoadedRun> with =
                    runs.stream().filter(r -> r.workloads().containsKey(name)).toList();
            if (with.size() < 2) {
                continue;
            }
            if (with.stream().allMatch(r -> r.workloads().get(name).attempted() == 0)) {
                lines.add(name + ": no operations in any run");
                continue;
            }
            with = with.stream()
                    .filter(r -> r.workloads().get(name).attempted() > 0)
                    .toList();
            if (with.size() < 2) {
                lines.add(name + ": operations only in " + with.get(0).id() + "; no operations in the other runs");
                continue;
            }
            LoadedRun best = with.get(0);
            for (LoadedRun r : with) {
                WorkloadSummary a = r.workloads().get(name);
                WorkloadSummary b = best.workloads().get(name);
                if (bad(a) < bad(b) || (bad(a) == bad(b) && stat(a, "latency", "p99") < stat(b, "latency", "p99"))) {
                    best = r;
                }
            }
            WorkloadSummary b = best.workloads().get(name);
            boolean failuresDiffer = with.stream()
                            .map(r -> bad(r.workloads().get(name)))
                            .distinct()
                            .count()
                    > 1;
            StringBuilder line = new StringBuilder(name + ": ");
            if (failuresDiffer) {
                line.append(best.id())
                        .append(" has the fewest failures (")
                        .append(counts(b))
                        .append(")");
                for (LoadedRun r : with) {
                    if (!r.id().equals(best.id())) {
                        line.append("; ")
                                .append(r.id())
                                .append(": ")
                                .append(counts(r.workloads().get(name)));
                    }
                }
                line.append(". p99 latency ")
                        .append(best.id())
                        .append(' ')
                        .append(Millis.format(stat(b, "latency", "p99")));
                for (LoadedRun r : with) {
                    if (!r.id().equals(best.id())) {
                        line.append(", ")
                                .append(r.id())
                                .append(' ')
                                .append(Millis.format(stat(r.workloads().get(name), "latency", "p99")));
                    }
                }
                line.append(" (failed operations end early, so compare latency only between runs without failures)");
            } else {
                line.append("lowest p99 latency in ")
                        .append(best.id())
                        .append(": ")
                        .append(Millis.format(stat(b, "latency", "p99")));
                for (LoadedRun r : with) {
                    if (!r.id().equals(best.id())) {
                        double other = stat(r.workloads().get(name), "latency", "p99");
                        line.append(String.format(
                                Locale.ROOT,
                                "; %s %s (%.1f× higher)",
                                r.id(),
                                Millis.format(other),
                                other / Math.max(1e-6, stat(b, "latency", "p99"))));
                    }
                }
                line.append(
                        bad(b) == 0
                                ? "; no failures in any run"
                                : "; same failure count in every run (" + counts(b) + ")");
            }
            lines.add(line.toString());
        }
        return lines;
    }

    static long bad(WorkloadSummary w) {
        return w.failures() + w.inconsistent();
    }

    private static String counts(WorkloadSummary w) {
        return String.format(
                Locale.ROOT,
                "%d BUSY, %d other errors, %d inconsistent reads",
                w.busy(),
                w.otherErrors(),
                w.inconsistent());
    }

    /**
     * What happened to one workload's operations in one run, in a sentence: how many succeeded, how
     * many failed and how, and how long each kind took at p99 (a configuration that fails fast looks
     * fast if only successes are timed).
     */
    public static String outcome(WorkloadSummary w) {
        if (w.attempted() == 0) {
            return "no operations";
        }
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT, "%d operations: %d ok (%s)", w.attempted(), w.ok(), share(w.ok(), w.attempted())));
        if (w.busy() > 0) {
            s.append(String.format(Locale.ROOT, ", %d BUSY (%s)", w.busy(), share(w.busy(), w.attempted())));
        }
        if (w.otherErrors() > 0) {
            s.append(String.format(
                    Locale.ROOT, ", %d other errors (%s)", w.otherErrors(), share(w.otherErrors(), w.attempted())));
        }
        if (w.inconsistent() > 0) {
            s.append(String.format(Locale.ROOT, ", %d inconsistent reads", w.inconsistent()));
        }
        s.append("; p99 of successes ").append(w.ok() == 0 ? "–" : Millis.format(stat(w, "success", "p99")));
        if (w.failures() > 0) {
            s.append(", p99 time to failure ").append(Millis.format(stat(w, "failure", "p99")));
        }
        return s.toString();
    }

    private static String share(long part, long whole) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }

    /** The report in Markdown, for people and CI job summaries. */
    public String markdown() {
        return new MarkdownReport(this).render();
    }

    /** The report as CSV, for spreadsheets. */
    public String csv() {
        return CsvReport.render(this);
    }

    static String hold(WorkloadSummary w, String stat) {
        return w.stats("hold").count() == 0 ? "–" : num(stat(w, "hold", stat));
    }

    static String num(double millis) {
        return millis >= 100
                ? String.format(Locale.ROOT, "%.0f", millis)
                : millis >= 1 ? String.format(Locale.ROOT, "%.1f", millis) : String.format(Locale.ROOT, "%.3f", millis);
    }
}
