package io.lockbench.harness.cli;

import io.lockbench.harness.scenario.Scenario;
import io.lockbench.harness.scenario.ScenarioException;
import io.lockbench.harness.sweep.SweepGrid;
import io.lockbench.harness.sweep.SweepObjective;
import io.lockbench.harness.sweep.SweepPoint;
import io.lockbench.harness.sweep.SweepReport;
import io.lockbench.harness.sweep.SweepRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lockbench sweep SCENARIO --vary key=v1,v2...}: a scenario over a grid of settings, with a recommendation. */
@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = {
            "Run a scenario at every combination of the --vary values (same seeded data each time) and report the"
                    + " trade-off between import throughput and the p99 of the concurrent operations, the Pareto front and a"
                    + " recommendation. Results: results/<sweep-id>/<point>/ and results/<sweep-id>/sweep.md, rewritten after every"
                    + " point so an interrupted sweep keeps what it finished."
        })
final class SweepCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCENARIO")
    Path scenario;

    @Option(
            names = "--vary",
            required = true,
            paramLabel = "KEY=V1,V2,...",
            description = "A grid axis, e.g. --vary store.batch_size=1,10,100 --vary store.busy_timeout_ms=1000,10000.")
    List<String> varies = new ArrayList<>();

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override applied to every point, e.g. --set run.duration=10s.")
    List<String> overrides = new ArrayList<>();

    @picocli.CommandLine.Mixin
    ResultsOptions places;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--objective",
            paramLabel = "METRIC",
            defaultValue = "writer-wait",
            description =
                    "What the recommendation minimises: writer-wait (p99 wait of the writers that are not imports),"
                            + " wait or latency (p99 of every workload that is not an import). Default: ${DEFAULT-VALUE}.")
    String objective;

    @Option(
            names = "--throughput-floor",
            paramLabel = "FRACTION",
            defaultValue = "0.8",
            description = "Only points whose import throughput is at least this fraction of the best are recommended"
                    + " (default: ${DEFAULT-VALUE}).")
    double throughputFloor;

    @Option(
            names = "--min-ops",
            paramLabel = "N",
            defaultValue = "30",
            description = "Only points where every workload finished N measured operations are recommended"
                    + " (default: ${DEFAULT-VALUE}).")
    int minOps;

    @Option(
            names = "--json",
            description =
                    "Print one JSON document on stdout (shape: docs/commands.md, JSON output) instead of the Markdown table; the"
                            + " files are written as always.")
    boolean json;

    @Option(
            names = "--sweep-id",
            paramLabel = "ID",
            description = "Name of the sweep's results directory (default: <time>-sweep).")
    String sweepId;

    @Option(
            names = "--force",
            description = "Replace an earlier sweep with the same --sweep-id (never a directory lockbench did not"
                    + " write).")
    boolean force;

    @Override
    public Integer call() throws Exception {
        places.check(spec.commandLine());
        SweepGrid grid = SweepGrid.parse(varies);
        SweepObjective rule = objective();
        String id = sweepId != null
                ? sweepId
                : OutputDirectory.freshName(
                        places.results,
                        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC))
                                + "-sweep");
        ResultsOptions.checkId(spec.commandLine(), "--sweep-id", id);
        Path dir = places.results.resolve(id);
        SweepRunner runner = new SweepRunner(
                scenario,
                overrides,
                grid,
                rule,
                dir,
                places.work,
                spec.commandLine().getErr());
        List<Scenario> scenarios = runner.scenarios();
        OutputDirectory.claim(sweepId != null ? "--sweep-id" : "--results", dir, "sweep", "sweep.md", force);
        spec.commandLine()
                .getErr()
                .printf(Locale.ROOT, "sweep of %s: %d points; results in %s%n", scenario, grid.size(), dir);
        List<SweepPoint> points = runner.run(scenarios);
        if (json) {
            JsonOutput.print(
                    spec.commandLine().getOut(),
                    JsonOutput.sweep(dir, SweepReport.document(scenarios.get(0).name(), points, rule)));
        } else {
            spec.commandLine().getOut().println();
            spec.commandLine().getOut().print(Files.readString(dir.resolve("sweep.md")));
        }
        // A sweep explores: points that fail their expectations are findings, shown in the table, not a failed command.
        return points.isEmpty() ? LockbenchCommand.FAILED : LockbenchCommand.OK;
    }

    private SweepObjective objective() {
        SweepObjective.Metric metric = Arrays.stream(SweepObjective.Metric.values())
                .filter(m -> m.option().equals(objective))
                .findFirst()
                .orElseThrow(
                        () -> new ScenarioException("--objective", objective, "expected writer-wait, wait or latency"));
        if (!(throughputFloor >= 0 && throughputFloor <= 1)) {
            throw new ScenarioException(
                    "--throughput-floor", Double.toString(throughputFloor), "must be between 0 and 1");
        }
        if (minOps < 0 || minOps > 1_000_000) {
            throw new ScenarioException("--min-ops", Integer.toString(minOps), "must be between 0 and 1000000");
        }
        return new SweepObjective(metric, throughputFloor, minOps);
    }
}
