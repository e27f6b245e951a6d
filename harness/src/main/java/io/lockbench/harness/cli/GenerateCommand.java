package io.lockbench.harness.cli;

import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "generate",
        description = "Generate synthetic data sets.",
        mixinStandardHelpOptions = true,
        subcommands = GenerateCommand.Sessions.class)
final class GenerateCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "missing data set (try 'generate sessions')");
    }

    @Command(
            name = "sessions",
            mixinStandardHelpOptions = true,
            description = "Write a deterministic Claude Code transcript tree: streamed responses with repeated usage,"
                    + " tool calls, summaries, continued sessions and subagent files.")
    static final class Sessions implements Callable<Integer> {

        @Option(
                names = "--out",
                paramLabel = "DIR",
                defaultValue = "data/corpus",
                description = "Output directory (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--sessions", defaultValue = "40", description = "Session files (default: ${DEFAULT-VALUE}).")
        int sessions;

        @Option(names = "--turns", defaultValue = "40", description = "Turns per session (default: ${DEFAULT-VALUE}).")
        int turns;

        @Option(
                names = "--projects",
                defaultValue = "4",
                description = "Project directories (default: ${DEFAULT-VALUE}).")
        int projects;

        @Option(
                names = "--text-bytes",
                defaultValue = "300",
                description = "Typical text size per message (default: ${DEFAULT-VALUE}).")
        int textBytes;

        @Option(
                names = "--days",
                defaultValue = "14",
                description = "Days the sessions span (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(
                names = "--start",
                defaultValue = "2026-01-05T08:00:00Z",
                description = "First timestamp (default: ${DEFAULT-VALUE}).")
        Instant start;

        @Option(
                names = "--malformed-rate",
                defaultValue = "0",
                description = "Fraction of lines to truncate (default: ${DEFAULT-VALUE}).")
        double malformedRate;

        @Option(names = "--force", description = "Write into an existing directory that holds other files too.")
        boolean force;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--out " + out + " is a file; give a directory");
            }
            if (!force && Files.isDirectory(out) && !isCorpusOrEmpty(out)) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(),
                        "--out " + out
                                + " holds files that are not a lockbench corpus; give a new or empty directory, or --force to write into it");
            }
            CorpusSpec corpusSpec =
                    new CorpusSpec(seed, sessions, turns, projects, textBytes, start, days, malformedRate);
            long started = System.nanoTime();
            CorpusGenerator.Corpus corpus = new CorpusGenerator(corpusSpec).writeTo(out);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "wrote %d files, %d lines, %.1f MB (%d API responses) to %s in %.1f s%n",
                            corpus.files(),
                            corpus.lines(),
                            corpus.bytes() / 1e6,
                            corpus.responses(),
                            out,
                            (System.nanoTime() - started) / 1e9);
            return LockbenchCommand.OK;
        }

        /** Empty, or only project directories of transcripts ({@code -*} directories), as this command writes them. */
        static boolean isCorpusOrEmpty(Path dir) throws IOException {
            try (Stream<Path> entries = Files.list(dir)) {
                return entries.allMatch(
                        p -> Files.isDirectory(p) && p.getFileName().toString().startsWith("-"));
            }
        }
    }
}
