package io.lockbench.harness.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the {@code lockbench} command line in this JVM and captures what it prints and its exit code. */
public final class InProcessCli {

    /** What one command did. */
    public record Result(int exit, String out, String err) {}

    private InProcessCli() {}

    /**
     * {@code lockbench run SCENARIO --quiet} with its results under {@code dir/results/RUN_ID} and its
     * scratch database under {@code dir/work/RUN_ID}, then {@code more} options.
     */
    public static Result runScenario(Path scenario, Path dir, String runId, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                scenario.toString(),
                "--results",
                dir.resolve("results").toString(),
                "--work",
                dir.resolve("work").toString(),
                "--run-id",
                runId,
                "--quiet"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LockbenchCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
