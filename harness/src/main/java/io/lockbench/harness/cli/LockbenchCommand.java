package io.lockbench.harness.cli;

import io.lockbench.harness.ExitCodes;
import io.lockbench.harness.Failures;
import io.lockbench.harness.results.BuildInfo;
import io.lockbench.harness.text.ControlCharacterFilter;
import io.lockbench.harness.text.RedactingOutputStream;
import io.lockbench.store.config.NearestNames;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;

/** The {@code lockbench} command. The one place where failures become exit codes. */
@Command(
        name = "lockbench",
        mixinStandardHelpOptions = true,
        versionProvider = LockbenchCommand.Version.class,
        description = "SQLite session store and lock-contention harness.",
        subcommands = {
            RunCommand.class,
            SweepCommand.class,
            RecordCommand.class,
            ReportCommand.class,
            GateCommand.class,
            WorkerCommand.class,
            GenerateCommand.class,
            ImportCommand.class,
            SessionsCommand.class,
            TimelineCommand.class,
            DiagnoseCommand.class,
            ServeCommand.class,
            WatchCommand.class,
            SettingsCommand.class,
            CompletionCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class LockbenchCommand implements Runnable {

    /** Success. */
    public static final int OK = ExitCodes.OK;
    /** The work ran and failed: database unavailable, import stopped. */
    public static final int FAILED = ExitCodes.FAILED;
    /** Bad usage, option, configuration or input path (3 in the gates: see {@link ExitCodes}). */
    public static final int USAGE = ExitCodes.USAGE;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        // Names and messages come from transcripts and files: never let them drive the terminal.
        // Nor show a password that a URL or a server's message carries, whoever prints it.
        System.setOut(console(FileDescriptor.out));
        System.setErr(console(FileDescriptor.err));
        System.exit(execute(args));
    }

    /**
     * Libraries speak to the terminal only under {@code --debug}: the driver's java.util.logging
     * warnings, HikariCP's and Jetty's SLF4J lines and picocli's parser warnings would otherwise come
     * before, or instead of, lockbench's one line. lockbench's own log lines (serve) stay.
     */
    private static void quietLibraries(boolean debug) {
        System.setProperty("picocli.trace", debug ? "WARN" : "OFF");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "warn" : "off");
        Logger.getLogger("").setLevel(debug ? Level.WARNING : Level.OFF);
    }

    private static PrintStream console(FileDescriptor fd) {
        return new PrintStream(
                new RedactingOutputStream(new ControlCharacterFilter(new FileOutputStream(fd))),
                true,
                StandardCharsets.UTF_8);
    }

    /**
     * Runs the command line. {@code --debug} anywhere prints the stack trace of an unexpected failure,
     * which by default is one line saying it is a bug.
     */
    public static int execute(String... args) {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean debug = rest.remove("--debug");
        quietLibraries(debug);
        CommandLine cli = commandLine();
        if (debug) {
            IExecutionExceptionHandler oneLine = cli.getExecutionExceptionHandler();
            cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
                if (!isExpected(ex)) {
                    ex.printStackTrace(commandLine.getErr());
                }
                return oneLine.handleExecutionException(ex, commandLine, parseResult);
            });
        }
        try {
            return cli.execute(rest.toArray(String[]::new));
        } finally {
            cli.getOut().flush();
            cli.getErr().flush();
        }
    }

    /**
     * The command line, writing UTF-8 to {@code System.out} and {@code System.err} whatever the
     * platform's default charset (a POSIX locale would otherwise turn every non-ASCII name into '?').
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LockbenchCommand());
        cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        versionEverywhere(cli);
        cli.setParameterExceptionHandler((ex, arguments) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("lockbench: " + bounded(ex.getMessage()) + suggestion(ex) + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return ExitCodes.usage(ex.getCommandLine().getCommandSpec().userObject());
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("lockbench: " + bounded(describe(ex)));
            err.flush();
            return ExitCodes.failure(commandLine.getCommandSpec().userObject(), ex);
        });
        return cli;
    }

    /** The longest error message printed whole; a longer one quotes a value of the user's at length. */
    static final int MAX_MESSAGE = 1_200;

    /**
     * {@code message}, its middle left out when it is longer than {@link #MAX_MESSAGE}: an error that
     * quotes a megabyte-long name stays one readable line (its start and end say what and where).
     */
    static String bounded(String message) {
        if (message == null || message.length() <= MAX_MESSAGE) {
            return message;
        }
        int keep = MAX_MESSAGE / 2 - 50;
        return message.substring(0, keep) + " … (" + (message.length() - 2 * keep) + " characters left out) … "
                + message.substring(message.length() - keep);
    }

    /**
     * For a command or option that does not exist, the nearest that do ({@code rnu}: did you mean
     * run?): by edit distance counting a swap of neighbours as one edit, which picocli's own
     * suggestions (letter pairs in common) miss for the commonest typo, a transposition.
     */
    static String suggestion(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException unmatched)
                || unmatched.getUnmatched().isEmpty()) {
            return "";
        }
        String typed = unmatched.getUnmatched().get(0);
        CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
        List<String> names = new ArrayList<>();
        if (typed.startsWith("-")) {
            spec.options().forEach(o -> names.addAll(List.of(o.names())));
        } else {
            names.addAll(spec.subcommands().keySet());
        }
        String key = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
        List<String> near = NearestNames.of(key, names);
        if (near.isEmpty()) {
            near = unmatched.getSuggestions().stream().limit(3).toList();
        }
        return near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?";
    }

    static String describe(Exception failure) {
        return Failures.describe(failure);
    }

    static boolean isExpected(Exception failure) {
        return Failures.isExpected(failure);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {BuildInfo.current().describe()};
        }
    }

    /** {@code --version} answers the same on every command, not only on {@code lockbench} itself. */
    private static void versionEverywhere(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getCommandSpec().versionProvider() == null) {
                sub.getCommandSpec().versionProvider(new Version());
            }
            versionEverywhere(sub);
        }
    }
}
