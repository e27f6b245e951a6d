package io.lockbench.harness.cli;

import io.lockbench.harness.report.ComparisonReport;
import io.lockbench.harness.report.HtmlReport;
import io.lockbench.harness.report.JmhResults;
import io.lockbench.harness.report.LoadedRun;
import io.lockbench.harness.report.ReportException;
import io.lockbench.harness.report.RunLoader;
import io.lockbench.harness.report.SweepResults;
import io.lockbench.harness.report.WatchResults;
import io.lockbench.store.config.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code lockbench report RUN...}: runs (and JMH result files) side by side in Markdown, CSV and HTML. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description =
                "Compare runs side by side: what differs in their configuration, a verdict per workload, percentiles of"
                        + " latency and lock wait, write-lock hold, throughput and BUSY by code and phase. Prints Markdown and writes"
                        + " report.md, report.csv and a self-contained report.html with charts.")
final class ReportCommand implements Callable<Integer> {

    @Parameters(
            arity = "1..*",
            paramLabel = "RUN",
            description = "Results directories (results/<run-id>) or their run.json, JMH JSON result files,"
                    + " lockbench watch --out and record --out directories, and sweep directories.")
    List<Path> inputs;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where the report files go (default: results/report-<time>).")
    Path out;

    @Option(
            names = "--json",
            description =
                    "Print one JSON document on stdout (shape: docs/commands.md, JSON output) instead of the Markdown; the"
                            + " files are written as always.")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<LoadedRun> runs = new ArrayList<>();
        List<JmhResults> jmh = new ArrayList<>();
        List<WatchResults> watches = new ArrayList<>();
        List<SweepResults> sweeps = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                throw new ReportException(input + " does not exist");
            }
            Optional<JmhResults> benchmarks = JmhResults.loadIfJmh(input);
            List<WatchResults> watched = WatchResults.loadAll(input);
            Optional<SweepResults> sweep = SweepResults.loadIfSweep(input);
            if (benchmarks.isPresent()) {
                jmh.add(benchmarks.get());
            } else if (!watched.isEmpty()) {
                watches.addAll(watched);
            } else if (sweep.isPresent()) {
                sweeps.add(sweep.get());
            } else {
                runs.add(RunLoader.load(input));
            }
        }
        ComparisonReport report = new ComparisonReport(runs, jmh, watches, sweeps);
        Path dir = out != null
                ? out
                : Path.of(
                        "results",
                        "report-"
                                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                                        .format(ZonedDateTime.now(ZoneOffset.UTC)));
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ParameterException(
                    spec.commandLine(), "--out " + dir + " is a file; give a directory for the report files");
        }
        for (LoadedRun run : runs) {
            if (Files.exists(dir) && Files.isSameFile(dir, run.dir())) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--out " + dir + " is the results directory of run " + run.id()
                                + "; its report.md is the run's own: give another directory");
            }
        }
        Files.createDirectories(dir);
        String markdown = report.markdown();
        Files.writeString(dir.resolve("report.md"), Secrets.redact(markdown));
        Files.writeString(dir.resolve("report.csv"), Secrets.redact(report.csv()));
        Files.writeString(dir.resolve("report.html"), Secrets.redact(HtmlReport.render(report)));
        if (json) {
            JsonOutput.print(spec.commandLine().getOut(), JsonOutput.report(report, dir));
        } else {
            spec.commandLine().getOut().print(markdown);
        }
        spec.commandLine().getErr().println("written: " + dir.resolve("report.md") + ", report.csv, report.html");
        return LockbenchCommand.OK;
    }
}
