package io.lockbench.harness.cli;

import io.lockbench.harness.text.Millis;
import io.lockbench.harness.text.Visible;
import io.lockbench.store.Database;
import io.lockbench.store.SessionStore;
import io.lockbench.store.config.ImportStrategy;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.importer.ImportOptions;
import io.lockbench.store.importer.ImportReport;
import io.lockbench.store.lock.LockTrace;
import io.lockbench.store.transcript.LineProblem;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Import Claude Code transcripts (<root>/<project-dir>/<session>.jsonl) into the store."
                + " Incremental by default: each file resumes after the last line committed.")
final class ImportCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
            paramLabel = "ROOT",
            defaultValue = "data/corpus",
            description = "Projects directory, e.g. ~/.claude/projects (default: ${DEFAULT-VALUE}).")
    Path root;

    @Mixin
    StoreOptions store;

    @Option(
            names = "--strategy",
            paramLabel = "STRATEGY",
            description = "Transaction grouping: per-record, batched or whole-file (default: batched).",
            converter = ChoiceConverters.ImportStrategyConverter.class)
    ImportStrategy strategy;

    @Option(
            names = "--batch-size",
            paramLabel = "N",
            description = "Records per transaction for batched (default: 100).")
    Integer batchSize;

    @Option(
            names = "--full",
            description = "Forget what was imported and import every file again from the start:"
                    + " the result equals a clean import of the files as they are now (readers see the store refill).")
    boolean full;

    @Option(
            names = "--follow-links",
            description = "Also follow links that point outside ROOT (by default they are"
                    + " skipped and reported; links inside ROOT, and ROOT itself, are always followed).")
    boolean followLinks;

    @Option(
            names = "--max-line-bytes",
            paramLabel = "N",
            description =
                    "Longer lines are reported and skipped, never held (default: ${DEFAULT-VALUE}, a sixteenth of the"
                            + " heap up to 256 MiB; a line the heap cannot hold is skipped the same way).")
    int maxLineBytes = ImportOptions.defaultMaxLineBytes();

    @Option(
            names = "--show-problems",
            paramLabel = "N",
            defaultValue = "20",
            description = "Malformed lines to list (default: ${DEFAULT-VALUE}; all are kept in import_errors).")
    int showProblems;

    @Override
    @SuppressWarnings("try") // the trace is found by the importer through LockTrace.current()
    public Integer call() throws Exception {
        StoreConfig config = store.config();
        if (strategy != null) {
            config = config.with(Settings.IMPORT_STRATEGY, strategy.configName());
        }
        if (batchSize != null) {
            config = config.with(Settings.BATCH_SIZE, batchSize);
        }
        ImportOptions options =
                ImportOptions.defaults().withMaxLineBytes(maxLineBytes).withFollowLinks(followLinks);
        Progress progress = new Progress(spec.commandLine().getErr());
        ImportReport report;
        // A trace makes the importer time each hold as the lock probe does: from the lock taken to its release.
        try (SessionStore opened = store.open(config);
                LockTrace trace = LockTrace.start("import", 0)) {
            report = full
                    ? opened.importer().rebuildAll(root, options.withListener(progress))
                    : opened.importer().importAll(root, options.withListener(progress));
        } finally {
            progress.finish();
        }
        print(report, config, progress.holds());
        return report.filesFailed() > 0 ? LockbenchCommand.FAILED : LockbenchCommand.OK;
    }

    private void print(ImportReport r, StoreConfig config, Histogram holds) {
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "imported %s into %s (%s, batch_size=%d, %s)%n",
                        root,
                        Database.of(config).location(),
                        config.get(Settings.IMPORT_STRATEGY).configName(),
                        config.get(Settings.BATCH_SIZE),
                        full ? "full" : "incremental");
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "  files:   %d seen, %d with new data, %d unchanged, %d re-imported (truncated or replaced), %d unreadable%n",
                        r.filesSeen(),
                        r.filesWithNewData(),
                        r.filesUnchanged(),
                        r.filesReset(),
                        r.filesFailed());
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "  lines:   %d read, %d records, %d blank, %d malformed, %d incomplete last lines left for later%n",
                        r.linesRead(),
                        r.recordsImported(),
                        r.blankLines(),
                        r.malformedLines(),
                        r.pendingPartialLines());
        StringBuilder rows = new StringBuilder();
        for (Map.Entry<String, Long> e : r.rowsChanged().entrySet()) {
            rows.append(rows.length() == 0 ? "" : ", ")
                    .append(e.getKey())
                    .append(' ')
                    .append(e.getValue());
        }
        spec.commandLine().getOut().println("  rows:    " + rows + " (row writes that inserted or changed a row)");
        if (!r.unknownTypes().isEmpty()) {
            spec.commandLine().getOut().println("  unknown record types (skipped): " + r.unknownTypes());
        }
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "  time:    %.2f s, %.1f MB read, %.1f MB/s, %d transactions%n",
                        r.seconds(),
                        r.bytesRead() / 1e6,
                        r.megabytesPerSecond(),
                        r.transactions());
        if (holds.getTotalCount() > 0) {
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "  holds:   write lock held p50 %s, p99 %s, max %s per transaction%n",
                            Millis.format(holds.getValueAtPercentile(50) / 1e6),
                            Millis.format(holds.getValueAtPercentile(99) / 1e6),
                            Millis.format(holds.getMaxValue() / 1e6));
        }
        if (r.yields() > 0) {
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "  yields:  stood aside %d times (%s in all) for another process that has the database open%n",
                            r.yields(),
                            Millis.format(r.yieldNanos() / 1e6));
        }
        int shown = 0;
        for (LineProblem problem : r.problems()) {
            if (shown++ == showProblems) {
                spec.commandLine()
                        .getOut()
                        .printf(
                                Locale.ROOT,
                                "  ... and %d more (SELECT * FROM import_errors)%n",
                                r.malformedLines() + r.filesFailed() - showProblems);
                break;
            }
            spec.commandLine().getOut().println("  skipped " + Visible.of(problem.toString()));
        }
    }
}
