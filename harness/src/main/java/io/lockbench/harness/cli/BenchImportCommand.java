package io.lockbench.harness.cli;

import io.lockbench.harness.bench.ImportBenchmark;
import io.lockbench.harness.bench.ImportComparison;
import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import io.lockbench.harness.json.Json;
import io.lockbench.harness.text.Millis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Import one corpus with every strategy into fresh databases and compare with a raw JDBC insert of"
                + " the same rows in one transaction; then time the whole 'lockbench import' process against ccusage and the"
                + " sqlite3 shell on the same files, in interleaved rounds. All in one run; --json keeps the numbers.")
final class BenchImportCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(
            names = "--corpus",
            paramLabel = "DIR",
            description = "Corpus to import (default: generate one with --seed, --sessions, --turns).")
    Path corpus;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Option(names = "--sessions", defaultValue = "200")
    int sessions;

    @Option(names = "--turns", defaultValue = "60")
    int turns;

    @Option(
            names = "--malformed-rate",
            defaultValue = "0.001",
            description = "Fraction of generated lines to truncate" + " (default: ${DEFAULT-VALUE}).")
    double malformedRate;

    @Option(
            names = "--work",
            paramLabel = "DIR",
            defaultValue = "data/bench",
            description = "Where the databases go (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(
            names = "--batch-sizes",
            split = ",",
            defaultValue = "1,10,100,1000",
            description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(
            names = "--hold-budgets",
            split = ",",
            defaultValue = "2,5,8",
            paramLabel = "MS",
            description =
                    "batch_max_hold_ms values, each measured with --budget-batch-size records (default: ${DEFAULT-VALUE}).")
    List<Integer> holdBudgets;

    @Option(
            names = "--budget-batch-size",
            defaultValue = "1000",
            paramLabel = "N",
            description = "batch_size of the hold-budget rows (default: ${DEFAULT-VALUE}).")
    int budgetBatchSize;

    @Option(names = "--skip-per-record", description = "Leave out the per-record strategy (slow on large corpora).")
    boolean skipPerRecord;

    @Option(
            names = "--compare-rounds",
            defaultValue = "3",
            description =
                    "Timed rounds of the whole-process comparison with"
                            + " ccusage and the sqlite3 shell, after one warm-up round; 0 leaves it out (default: ${DEFAULT-VALUE}).")
    int compareRounds;

    @Option(
            names = "--json",
            paramLabel = "FILE",
            defaultValue = "results/bench-import.json",
            description = "Where the numbers go as JSON (default: ${DEFAULT-VALUE}).")
    Path json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (compareRounds < 0 || compareRounds > 100) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--compare-rounds must be 0 to 100 but was " + compareRounds);
        }
        for (int size : batchSizes) {
            if (size < 1) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--batch-sizes must be 1 or more but had " + size);
            }
        }
        for (int budget : holdBudgets) {
            if (budget < 1 || budget > 60_000) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--hold-budgets must be 1 to 60000 ms but had " + budget);
            }
        }
        if (budgetBatchSize < 1) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--budget-batch-size must be 1 or more but was " + budgetBatchSize);
        }
        Path source = corpus;
        if (source == null) {
            source = work.resolve("corpus-" + seed + "-" + sessions + "x" + turns + "-" + malformedRate);
            if (!Files.isDirectory(source)) {
                CorpusGenerator.Corpus made = new CorpusGenerator(new CorpusSpec(
                                seed,
                                sessions,
                                turns,
                                8,
                                300,
                                Instant.parse("2026-01-05T08:00:00Z"),
                                30,
                                malformedRate))
                        .writeTo(source);
                spec.commandLine()
                        .getOut()
                        .printf(
                                Locale.ROOT,
                                "generated %d files, %d lines, %.1f MB in %s%n",
                                made.files(),
                                made.lines(),
                                made.bytes() / 1e6,
                                source);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("corpus", source.toString());
        out.put("java", System.getProperty("java.version"));
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("store", store.config().toMap());

        List<ImportBenchmark.Result> results = new ImportBenchmark(source, work, store.config())
                .run(batchSizes, budgetBatchSize, holdBudgets, !skipPerRecord);
        ImportBenchmark.Result ceiling = results.get(results.size() - 1);
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "%-22s %10s %9s %12s %9s %10s %26s %24s%n",
                        "strategy",
                        "records",
                        "seconds",
                        "records/s",
                        "MB/s",
                        "vs ceiling",
                        "write-lock hold p50/p99/max",
                        "beside a writer: rec/s, its wait p99");
        List<Map<String, Object>> strategies = new ArrayList<>();
        for (ImportBenchmark.Result r : results) {
            Histogram h = r.holds();
            String holds = h.getTotalCount() == 0
                    ? "one transaction"
                    : String.format(
                            Locale.ROOT,
                            "%s / %s / %s",
                            Millis.format(h.getValueAtPercentile(50) / 1e6),
                            Millis.format(h.getValueAtPercentile(99) / 1e6),
                            Millis.format(h.getMaxValue() / 1e6));
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "%-22s %10d %9.2f %12.0f %9.1f %9.0f%% %26s %24s%n",
                            r.name(),
                            r.records(),
                            r.nanos() / 1e9,
                            r.recordsPerSecond(),
                            r.megabytesPerSecond(),
                            100 * r.recordsPerSecond() / ceiling.recordsPerSecond(),
                            holds,
                            r.otherWriterWaits().getTotalCount() == 0
                                    ? "-"
                                    : String.format(
                                            Locale.ROOT,
                                            "%.0f, %s",
                                            r.recordsPerSecondBesideOtherWriter(),
                                            Millis.format(r.otherWriterWaits().getValueAtPercentile(99) / 1e6)));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("strategy", r.name());
            row.put("records", r.records());
            row.put("seconds", r.nanos() / 1e9);
            row.put("records_per_second", r.recordsPerSecond());
            row.put("mb_per_second", r.megabytesPerSecond());
            row.put("transactions", h.getTotalCount());
            if (h.getTotalCount() > 0) {
                row.put("hold_p50_ms", h.getValueAtPercentile(50) / 1e6);
                row.put("hold_p99_ms", h.getValueAtPercentile(99) / 1e6);
                row.put("hold_max_ms", h.getMaxValue() / 1e6);
            }
            Histogram w = r.otherWriterWaits();
            if (w.getTotalCount() > 0) {
                row.put("records_per_second_beside_other_writer", r.recordsPerSecondBesideOtherWriter());
                row.put("other_writer_transactions", w.getTotalCount());
                row.put("other_writer_wait_p50_ms", w.getValueAtPercentile(50) / 1e6);
                row.put("other_writer_wait_p99_ms", w.getValueAtPercentile(99) / 1e6);
                row.put("other_writer_wait_max_ms", w.getMaxValue() / 1e6);
            }
            strategies.add(row);
        }
        out.put("strategies", strategies);
        if (compareRounds > 0) {
            out.put("comparison", compare(source));
        }
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "java %s, %d cores, %s%n",
                        System.getProperty("java.version"),
                        Runtime.getRuntime().availableProcessors(),
                        store.config().toMap());
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        Json.pretty().writeValue(json.toFile(), out);
        spec.commandLine().getOut().println("wrote " + json);
        return LockbenchCommand.OK;
    }

    /** The whole-process comparison: wall times, MB/s, peak memory and the two ratios the targets are stated in. */
    private Map<String, Object> compare(Path source) throws Exception {
        ImportComparison comparison = new ImportComparison(source, work);
        double mb = comparison.corpusBytes() / 1e6;
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "%nwhole processes on the same %.1f MB, median of %d interleaved rounds after a warm-up:%n",
                        mb,
                        compareRounds);
        List<String> importOptions = new ArrayList<>();
        for (Map.Entry<String, String> e : store.settings.entrySet()) {
            importOptions.addAll(List.of("--set", e.getKey() + "=" + e.getValue()));
        }
        List<ImportComparison.Timing> timings = comparison.run(compareRounds, importOptions);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("corpus_mb", mb);
        result.put("rounds", compareRounds);
        List<Map<String, Object>> tools = new ArrayList<>();
        for (ImportComparison.Timing t : timings) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("tool", t.tool());
            row.put("available", t.available());
            if (!t.available()) {
                spec.commandLine().getOut().printf(Locale.ROOT, "  %-66s %s%n", t.tool(), t.note());
                row.put("note", t.note());
            } else {
                double seconds = t.medianNanos() / 1e9;
                spec.commandLine()
                        .getOut()
                        .printf(
                                Locale.ROOT,
                                "  %-66s %7.2f s %7.1f MB/s  peak RSS %5.0f MB%n",
                                t.tool(),
                                seconds,
                                mb / seconds,
                                t.peakRssBytes() / 1e6);
                row.put("seconds", seconds);
                row.put("all_seconds", t.wallNanos().stream().map(n -> n / 1e9).toList());
                row.put("mb_per_second", mb / seconds);
                row.put("peak_rss_mb", t.peakRssBytes() / 1e6);
            }
            tools.add(row);
        }
        result.put("tools", tools);
        double lockbench = timings.get(0).medianNanos();
        if (timings.get(1).available()) {
            double ratio = lockbench / timings.get(1).medianNanos();
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "  lockbench import wall time / ccusage's: %.2f (target 0.50 or less)%n",
                            ratio);
            result.put("lockbench_over_ccusage_wall", ratio);
        }
        if (timings.get(2).available()) {
            double share = timings.get(2).medianNanos() / lockbench;
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "  lockbench import speed as a share of the sqlite3 shell's: %.0f%% (target 40%% or more)%n",
                            100 * share);
            result.put("lockbench_speed_share_of_sqlite3", share);
        }
        return result;
    }
}
