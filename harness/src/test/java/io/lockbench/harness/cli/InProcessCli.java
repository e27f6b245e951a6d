package io.lockbench.harness.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the {@code lockbench} command line in this JVM and captures what it prints and its exit code. */
public final class InProcessCli {

    /** What one command did. */
    public record Result(int exit, String out, String err) {}

    private InProcessCli() {}

    public static Result run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = LockbenchCommand.commandLine();
            cli.setErr(new PrintWriter(err));
            int exit = cli.execute(args);
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(original);
        }
    }
}
