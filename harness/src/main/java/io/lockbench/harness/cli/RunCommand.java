package io.lockbench.harness.cli;

import io.lockbench.harness.results.RunResult;
import io.lockbench.harness.results.SummaryTable;
import io.lockbench.harness.run.ScenarioRunner;
import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lockbench run SCENARIO...}: replays scenarios and exits 1 when an expectation fails. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run one or more scenario files against fresh databases; print each summary and write results to"
                    + " results/<run-id>/ (run.json, latency.hlog, <workload>.hgrm, wal.csv, report.md).",
            "Exit status: 0 every expectation held, 1 an expectation failed or the run did not stop cleanly, 2 bad scenario or option."
        })
final class RunCommand implements Callable<Integer> {

    @Parameters(
            arity = "1..*",
            paramLabel = "SCENARIO",
            description = "Scenario YAML files, e.g. scenarios/concurrency-matrix.yaml.")
    List<Path> scenarios;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "Override a scenario key, e.g. --set store.batch_size=10 --set workloads.import.threads=2 --set run.duration=5s.")
    List<String> overrides = new ArrayList<>();

    @picocli.CommandLine.Mixin
    ResultsOptions places;

    @Option(
            names = "--run-id",
            paramLabel = "ID",
            description = "Name of the results directory (default: <time>-<scenario>).")
    String runId;

    @Option(names = "--keep-db", description = "Keep the run's database and corpus under --work.")
    boolean keepDatabase;

    @Option(
            names = "--json",
            description =
                    "Print one JSON document on stdout (shape: docs/commands.md, JSON output) instead of the summary tables; the"
                            + " files are written as always.")
    boolean json;

    @Option(
            names = "--force",
            description =
                    "Replace the results of an earlier run with the same --run-id (never a directory lockbench did"
                            + " not write).")
    boolean force;

    @Option(names = "--quiet", description = "No progress line (also off when not on a terminal or when CI is set).")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ResultsOptions.checkId(spec.commandLine(), "--run-id", runId);
        places.check(spec.commandLine());
        // Every file is validated before anything runs: a typo in the third file should not cost two runs.
        List<Scenario> loaded = new ArrayList<>();
        for (Path file : scenarios) {
            loaded.add(ScenarioLoader.load(file, overrides));
        }
        boolean passed = true;
        // With --json, stdout carries the document alone; what a person reads goes to stderr.
        PrintWriter human =
                json ? spec.commandLine().getErr() : spec.commandLine().getOut();
        List<JsonOutput.FinishedRun> finished = new ArrayList<>();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC));
        for (Scenario scenario : loaded) {
            String id = runId != null
                    ? (loaded.size() == 1 ? runId : runId + "-" + scenario.name())
                    : OutputDirectory.freshName(places.results, stamp + "-" + scenario.name());
            Path dir = places.results.resolve(id);
            OutputDirectory.claim(runId != null ? "--run-id" : "--results", dir, "run", "run.json", force);
            // The scratch directory is lockbench's own when marked (or holding a run's database): replaced.
            OutputDirectory.claim("--work", places.work.resolve(id), "scratch", "lockbench.db", true);
            boolean terminal = Terminal.interactive() && !quiet;
            human.println("== " + scenario.name() + (scenario.overrides().isEmpty() ? "" : " " + scenario.overrides()));
            RunResult result = new ScenarioRunner(
                            scenario,
                            new ScenarioRunner.Options(
                                    places.work,
                                    dir,
                                    id,
                                    terminal ? spec.commandLine().getErr() : null,
                                    keepDatabase))
                    .run();
            human.print(SummaryTable.text(result));
            human.printf(
                    Locale.ROOT,
                    "%s in %.1f s; results in %s%n%n",
                    result.passed() ? "passed" : "FAILED",
                    result.seconds(),
                    dir);
            passed &= result.passed();
            finished.add(new JsonOutput.FinishedRun(result, dir));
        }
        if (json) {
            JsonOutput.print(spec.commandLine().getOut(), JsonOutput.run(finished));
        }
        return passed ? LockbenchCommand.OK : LockbenchCommand.FAILED;
    }
}
