package io.lockbench.harness.bench;

import io.lockbench.harness.run.LockbenchJvm;
import io.lockbench.harness.run.ScratchDirectories;
import io.lockbench.store.importer.SessionImporter;
import io.lockbench.store.transcript.TranscriptFile;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole {@code lockbench import} process against the tools people already use on the same files,
 * each a fresh process timed from start to exit, in interleaved rounds so that a machine slowing down
 * during the run affects all of them alike:
 * <ul>
 *   <li>ccusage ({@value #CCUSAGE}) {@code daily --offline --json}, the most used reader of Claude Code
 *       usage, run through {@code npx} with {@code CLAUDE_CONFIG_DIR} pointing at the corpus;</li>
 *   <li>the sqlite3 shell loading every line into a table keyed by uuid with {@code json_extract}, in one
 *       transaction: the speed of SQLite's own JSON ingest, with none of the importer's guarantees.</li>
 * </ul>
 * A tool that is not installed is reported as such and left out.
 */
public final class ImportComparison {

    public static final String CCUSAGE = "ccusage@18.0.11";
    private static final long TIMEOUT_MINUTES = 30;

    /** One timed process: its wall time and the peak resident memory seen while it ran (0 when unknown). */
    public record Timing(String tool, boolean available, String note, List<Long> wallNanos, long peakRssBytes) {

        public long medianNanos() {
            List<Long> sorted = new ArrayList<>(wallNanos);
            sorted.sort(null);
            return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
        }
    }

    private final Path corpus;
    private final Path work;
    private final long bytes;

    public ImportComparison(Path corpus, Path work) throws IOException {
        this.corpus = corpus.toAbsolutePath().normalize();
        this.work = work.toAbsolutePath().normalize();
        long total = 0;
        for (TranscriptFile file : SessionImporter.discover(corpus)) {
            total += Files.size(file.path());
        }
        this.bytes = total;
    }

    public long corpusBytes() {
        return bytes;
    }

    /** Runs each available tool {@code rounds} times, interleaved, after one untimed warm-up run of each. */
    public List<Timing> run(int rounds, List<String> importOptions) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path claudeHome = work.resolve("ccusage-home");
        ScratchDirectories.delete(claudeHome);
        Files.createDirectories(claudeHome);
        // ccusage reads $CLAUDE_CONFIG_DIR/projects/<project>/<session>.jsonl
        Files.createSymbolicLink(claudeHome.resolve("projects"), corpus);
        Path script = sqliteScript();

        List<String> lockbench = new ArrayList<>(LockbenchJvm.importCommand(
                corpus.toString(), "--db", work.resolve("compare-lockbench.db").toString()));
        lockbench.addAll(importOptions);
        String npx = which("npx");
        String sqlite3 = which("sqlite3");
        List<String> ccusage = npx == null ? null : List.of(npx, "--yes", CCUSAGE, "daily", "--offline", "--json");
        List<String> shell = sqlite3 == null
                ? null
                : List.of(sqlite3, work.resolve("compare-sqlite3.db").toString());

        List<Long> lockbenchTimes = new ArrayList<>();
        List<Long> ccusageTimes = new ArrayList<>();
        List<Long> shellTimes = new ArrayList<>();
        long[] peak = new long[3];
        String ccusageNote = ccusage == null ? "npx not found: install Node.js to compare with ccusage" : "";
        String shellNote = sqlite3 == null ? "sqlite3 not found: install the sqlite3 shell to compare with it" : "";
        for (int round = 0; round <= rounds; round++) {
            boolean timed = round > 0;
            ScratchDirectories.deleteDatabase(work.resolve("compare-lockbench.db"));
            measure(lockbench, null, null, timed ? lockbenchTimes : null, peak, 0);
            if (ccusage != null) {
                try {
                    measure(
                            ccusage,
                            Map.of("CLAUDE_CONFIG_DIR", claudeHome.toString()),
                            null,
                            timed ? ccusageTimes : null,
                            peak,
                            1);
                } catch (IOException e) {
                    // An outside tool that cannot run here (no network for npx, say) is left out, not fatal.
                    ccusage = null;
                    ccusageTimes.clear();
                    ccusageNote = "ccusage did not run: " + e.getMessage();
                }
            }
            if (shell != null) {
                ScratchDirectories.deleteDatabase(work.resolve("compare-sqlite3.db"));
                try {
                    measure(shell, null, script, timed ? shellTimes : null, peak, 2);
                } catch (IOException e) {
                    shell = null;
                    shellTimes.clear();
                    shellNote = "the sqlite3 shell did not run: " + e.getMessage();
                }
            }
        }
        List<Timing> timings = new ArrayList<>();
        timings.add(new Timing(
                "lockbench import (whole process, "
                        + (importOptions.isEmpty() ? "defaults" : String.join(" ", importOptions)) + ")",
                true,
                "",
                lockbenchTimes,
                peak[0]));
        timings.add(new Timing(
                "ccusage daily --offline --json (" + CCUSAGE + " via npx)",
                ccusage != null,
                ccusageNote,
                ccusageTimes,
                peak[1]));
        timings.add(new Timing(
                "sqlite3 shell: every line into a keyed table with json_extract",
                shell != null,
                shellNote,
                shellTimes,
                peak[2]));
        return timings;
    }

    private void measure(
            List<String> command, Map<String, String> env, Path stdin, List<Long> times, long[] peak, int slot)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("compare-output.log").toFile());
        if (env != null) {
            builder.environment().putAll(env);
        }
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        long started = System.nanoTime();
        Process process = builder.start();
        long rss = 0;
        while (!process.waitFor(20, TimeUnit.MILLISECONDS)) {
            rss = Math.max(rss, PeakMemory.ofTree(process.toHandle()));
            if (System.nanoTime() - started > TimeUnit.MINUTES.toNanos(TIMEOUT_MINUTES)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
        }
        long took = System.nanoTime() - started;
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                    + tail(work.resolve("compare-output.log")));
        }
        if (times != null) {
            times.add(took);
            peak[slot] = Math.max(peak[slot], rss);
        }
    }

    /** One transaction: each file's lines into a staging table, then the valid ones into a table keyed by uuid. */
    private Path sqliteScript() throws IOException {
        StringBuilder sql = new StringBuilder();
        sql.append("PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\n");
        sql.append("CREATE TABLE lines(line TEXT);\n");
        sql.append("CREATE TABLE records(uuid TEXT PRIMARY KEY, session_id TEXT, type TEXT, ts TEXT, message_id TEXT,"
                + " request_id TEXT, model TEXT, input_tokens INTEGER, output_tokens INTEGER, cache_creation_tokens INTEGER,"
                + " cache_read_tokens INTEGER);\n");
        sql.append("BEGIN;\n.mode ascii\n.separator \"\\037\" \"\\n\"\n");
        for (TranscriptFile file : SessionImporter.discover(corpus)) {
            sql.append(".import '")
                    .append(file.path().toString().replace("'", "''"))
                    .append("' lines\n");
        }
        sql.append("""
                INSERT OR REPLACE INTO records
                SELECT json_extract(line, '$.uuid'), json_extract(line, '$.sessionId'), json_extract(line, '$.type'),
                       json_extract(line, '$.timestamp'), json_extract(line, '$.message.id'), json_extract(line, '$.requestId'),
                       json_extract(line, '$.message.model'), json_extract(line, '$.message.usage.input_tokens'),
                       json_extract(line, '$.message.usage.output_tokens'),
                       json_extract(line, '$.message.usage.cache_creation_input_tokens'),
                       json_extract(line, '$.message.usage.cache_read_input_tokens')
                FROM lines WHERE json_valid(line) AND json_extract(line, '$.uuid') IS NOT NULL;
                DROP TABLE lines;
                COMMIT;
                """);
        Path script = work.resolve("compare-sqlite3.sql");
        Files.writeString(script, sql, StandardCharsets.UTF_8);
        return script;
    }

    private static String which(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator, -1)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
