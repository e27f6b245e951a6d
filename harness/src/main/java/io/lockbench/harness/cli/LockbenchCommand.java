package io.lockbench.harness.cli;

import io.lockbench.harness.report.ReportException;
import io.lockbench.harness.results.InvalidRunFileException;
import io.lockbench.harness.scenario.ScenarioException;
import io.lockbench.harness.text.BoundedFiles;
import io.lockbench.store.config.InvalidConfigException;
import io.lockbench.store.db.SqliteFailures;
import io.lockbench.store.db.StoreUnavailableException;
import io.lockbench.store.sessions.ImportFailedException;
import io.lockbench.store.sessions.InvalidInputException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
            ReportCommand.class,
            GateCommand.class,
            WorkerCommand.class,
            GenerateCommand.class,
            ImportCommand.class,
            SessionsCommand.class,
            TimelineCommand.class,
            DiagnoseCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class LockbenchCommand implements Runnable {

    /** Success. */
    public static final int OK = 0;
    /** The work ran and failed: database unavailable, import stopped. */
    public static final int FAILED = 1;
    /** Bad usage, option, configuration or input path. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        // Names and messages come from transcripts and files: never let them drive the terminal.
        System.setOut(new java.io.PrintStream(
                new io.lockbench.harness.text.ControlCharacterFilter(
                        new java.io.FileOutputStream(java.io.FileDescriptor.out)),
                true,
                java.nio.charset.StandardCharsets.UTF_8));
        System.setErr(new java.io.PrintStream(
                new io.lockbench.harness.text.ControlCharacterFilter(
                        new java.io.FileOutputStream(java.io.FileDescriptor.err)),
                true,
                java.nio.charset.StandardCharsets.UTF_8));
        System.exit(execute(args));
    }

    /**
     * Runs the command line. {@code --debug} anywhere prints the stack trace of an unexpected failure,
     * which by default is one line saying it is a bug.
     */
    public static int execute(String... args) {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean debug = rest.remove("--debug");
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
        cli.setParameterExceptionHandler((ex, arguments) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("lockbench: " + ex.getMessage() + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            err.flush();
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("lockbench: " + describe(ex));
            err.flush();
            return exitCode(ex);
        });
        return cli;
    }

    static String describe(Exception failure) {
        if (failure instanceof ImportFailedException importFailed) {
            return "import of " + importFailed.file()
                    + " stopped (what was committed is kept: earlier files, and this one up to byte "
                    + importFailed.committedOffset() + "; run the import again to resume): "
                    + cause(importFailed.getCause());
        }
        if (isUsage(failure) || failure instanceof StoreUnavailableException) {
            return failure.getMessage();
        }
        if (failure instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + failure.getMessage();
        }
        if (failure instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + failure.getMessage();
        }
        if (failure instanceof java.nio.file.FileAlreadyExistsException) {
            return "already exists: " + failure.getMessage();
        }
        if (failure instanceof java.io.IOException || failure instanceof java.io.UncheckedIOException) {
            Throwable io = failure instanceof java.io.UncheckedIOException ? failure.getCause() : failure;
            return "I/O error: " + io.getMessage();
        }
        return "internal error, a bug in lockbench (" + failure.getClass().getSimpleName() + ": "
                + String.valueOf(failure.getMessage()).lines().findFirst().orElse("")
                + "); run again with --debug for the stack trace";
    }

    /** Failures the user can act on (bad input, an unusable database, I/O), as opposed to bugs. */
    static boolean isExpected(Exception failure) {
        return isUsage(failure)
                || failure instanceof StoreUnavailableException
                || failure instanceof ImportFailedException
                || failure instanceof java.io.IOException
                || failure instanceof java.io.UncheckedIOException;
    }

    /** Bad usage, option, configuration or input file: the message names it, the exit code is {@link #USAGE}. */
    private static boolean isUsage(Exception failure) {
        return failure instanceof InvalidConfigException
                || failure instanceof InvalidInputException
                || failure instanceof ScenarioException
                || failure instanceof ReportException
                || failure instanceof InvalidRunFileException
                || failure instanceof BoundedFiles.UnreadableFileException;
    }

    private static String cause(Throwable cause) {
        if (SqliteFailures.resultCode(cause).isPresent()) {
            String message = SqliteFailures.shortMessage(SqliteFailures.rootSqliteException(cause));
            int primary = SqliteFailures.resultCode(cause)
                    .map(code -> code.code & 0xff)
                    .orElse(0);
            if (primary == org.sqlite.SQLiteErrorCode.SQLITE_FULL.code
                    || primary == org.sqlite.SQLiteErrorCode.SQLITE_IOERR.code) {
                message += "; the disk may be full or a file-size limit reached: free space and run the import again";
            }
            if (SqliteFailures.isBusy(cause)) {
                message += "; another connection held the write lock longer than busy_timeout_ms allows"
                        + " (raise it with --set busy_timeout_ms=N, or import when the other writer is done)";
            }
            return message;
        }
        return String.valueOf(cause.getMessage());
    }

    static int exitCode(Exception failure) {
        return isUsage(failure) ? USAGE : FAILED;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LockbenchCommand.class.getPackage().getImplementationVersion();
            return new String[] {"lockbench " + (version == null ? "development build" : version)};
        }
    }
}
