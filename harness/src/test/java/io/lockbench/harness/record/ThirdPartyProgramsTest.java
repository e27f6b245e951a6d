package io.lockbench.harness.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.json.Json;
import io.lockbench.store.lock.LockTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record} against independent truth, on programs no one on this team wrote: three libraries
 * from Debian that keep their state in SQLite (diskcache, persist-queue, sqlitedict), each driven from
 * several processes, and the sqlite3 shell; plus deferred read-then-write transactions, whose BUSY is
 * SQLITE_BUSY_SNAPSHOT. Each run goes under {@code strace -f -e trace=fcntl,fcntl64} (the kernel's count
 * of write-lock grants) and a separate preloaded clock ({@code oracle_holds.c}, sharing no code with
 * lockbench's library) that times every hold. Pinned: the holds recorded equal the grants strace saw,
 * and per process the oracle's; every hold is within max(0.1 ms, 2%) of the oracle's (which brackets
 * each grant and release between two clock reads); the BUSY by result code equal what the program itself
 * caught.
 */
@ProcessTest
class ThirdPartyProgramsTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Pattern SHELL_BUSY = Pattern.compile("database is locked \\((\\d+)\\)");

    @TempDir
    static Path tools;

    @TempDir
    Path dir;

    private static Path library;
    private static Path oracle;
    private static Path driver;

    @BeforeAll
    static void toolsAndPrograms() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        List<String> missing = new ArrayList<>();
        if (!LockTable.available()) {
            missing.add("Linux");
        }
        if (EventsLibrary.compiler().isEmpty()) {
            missing.add("a C compiler");
        }
        for (String tool : List.of("/usr/bin/strace", "/usr/bin/sqlite3", PYTHON.toString())) {
            if (!Files.isExecutable(Path.of(tool))) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()
                && run(List.of(PYTHON.toString(), "-c", "import diskcache, persistqueue, sqlitedict")) != 0) {
            missing.add("python3-diskcache, python3-persist-queue and python3-sqlitedict");
        }
        if (!missing.isEmpty()) {
            // .ci/run installs them: in CI their absence is a failure, elsewhere a skip
            assertThat(ci).as("CI needs " + missing).isFalse();
            Assumptions.abort("needs " + missing);
        }
        library = EventsLibrary.build(tools.resolve("cache")).library().orElseThrow();
        oracle = tools.resolve("oracle_holds.so");
        Path source = copy("oracle_holds.c", tools);
        assertThat(run(List.of(
                        EventsLibrary.compiler().orElseThrow(),
                        "-shared",
                        "-fPIC",
                        "-O2",
                        "-o",
                        oracle.toString(),
                        source.toString(),
                        "-ldl",
                        "-lpthread")))
                .isZero();
        driver = copy("drive.py", tools);
    }

    @Test
    void diskcacheFromFourProcesses_everyTransactionHoldAndBusyCodeMatchesTheTruth() throws Exception {
        Path cache = dir.resolve("cache");
        Checked c = recordUnderTruth(cache.resolve("cache.db"), "diskcache", cache.toString(), "4", "250");
        c.assertMatchesTruth();
        assertThat(c.caught()).as("the run should have made contention").isNotEmpty();
    }

    @Test
    void persistQueueWithThreeProducersAndTwoConsumers_everyTransactionHoldAndBusyCodeMatchesTheTruth()
            throws Exception {
        Path queue = dir.resolve("queue");
        Checked c = recordUnderTruth(queue.resolve("data.db"), "persistqueue", queue.toString(), "3", "2", "600");
        c.assertMatchesTruth();
    }

    @Test
    void sqlitedictInRollbackJournalModeFromThreeProcesses_everyTransactionAndHoldMatchesTheTruth() throws Exception {
        Path file = dir.resolve("dict.sqlite");
        Checked c = recordUnderTruth(file, "sqlitedict", file.toString(), "3", "120");
        c.assertMatchesTruth();
        assertThat(c.figures().transactions()).isGreaterThanOrEqualTo(3 * 120);
    }

    @Test
    void deferredReadThenWriteTransactions_failAtOnceWithBusySnapshot_andNoWaitIsInvented() throws Exception {
        Path file = dir.resolve("orders.db");
        Checked c = recordUnderTruth(file, "snapshot", file.toString(), "3", "150");
        c.assertMatchesTruth();
        Map<String, Long> busy = c.figures().busyByCode();
        assertThat(busy).containsKey("SQLITE_BUSY_SNAPSHOT");
        // a stale snapshot fails at once: none of those BUSY waited
        assertThat(c.history().busy().stream()
                        .filter(b -> b.code().equals("SQLITE_BUSY_SNAPSHOT"))
                        .allMatch(b -> b.waitedNanos() == 0))
                .isTrue();
        assertThat(c.figures().story()).contains("SQLITE_BUSY_SNAPSHOT").contains("BEGIN IMMEDIATE");
    }

    @Test
    void sqlite3ShellsWritingAtOnce_everyTransactionHoldAndBusyLineMatchesTheTruth() throws Exception {
        Path db = dir.resolve("shell.db");
        Path script = dir.resolve("shells.sh");
        Files.writeString(script, """
                set -u
                sqlite3 "$1" 'PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS t (x)' >/dev/null
                for s in 1 2 3; do
                  { echo '.timeout 2'; for i in $(seq 1 150); do
                      echo "BEGIN IMMEDIATE; INSERT INTO t VALUES ('shell $s row $i'); COMMIT;"; done
                  } | sqlite3 "$1" &
                done
                wait
                """, StandardCharsets.UTF_8);
        Checked c = recordUnderTruth(db, List.of("bash", script.toString(), db.toString()));
        c.assertMatchesTruth();
        assertThat(c.figures().transactions()).isGreaterThanOrEqualTo(3 * 150 - c.caughtTotal());
        assertThat(c.figures().statements().get(0).statement()).isEqualTo("INSERT INTO t VALUES (?)");
    }

    /** What one recorded run gave, and the truth beside it. */
    record Checked(
            String program,
            LockHistory history,
            LockFigures figures,
            Map<Long, Integer> straceGrants,
            Map<Long, List<long[]>> oracleHolds,
            Map<String, Long> caught) {

        long caughtTotal() {
            return caught.values().stream().mapToLong(Long::longValue).sum();
        }

        void assertMatchesTruth() {
            assertThat(history.unfinishedHolds()).isZero();
            // strace names threads, not processes: the total is compared here, each process's holds below
            assertThat(history.holds())
                    .as("write-lock grants, against strace")
                    .hasSize(straceGrants.values().stream()
                            .mapToInt(Integer::intValue)
                            .sum());
            assertThat(oracleHolds.keySet())
                    .as("processes that held the lock, against the oracle")
                    .containsExactlyInAnyOrderElementsOf(history.holds().stream()
                            .map(LockHistory.Hold::pid)
                            .distinct()
                            .toList());
            int checked = 0;
            long largestError = 0;
            for (Map.Entry<Long, List<long[]>> e : oracleHolds.entrySet()) {
                List<Long> ours = history.holds().stream()
                        .filter(h -> h.pid() == e.getKey())
                        .map(LockHistory.Hold::nanos)
                        .toList();
                assertThat(ours).as("holds of pid %d", e.getKey()).hasSameSizeAs(e.getValue());
                for (int i = 0; i < ours.size(); i++) {
                    long shortest = e.getValue().get(i)[0];
                    long longest = e.getValue().get(i)[1];
                    long tolerance = Math.max(TimeUnit.MICROSECONDS.toNanos(100), longest / 50);
                    assertThat(ours.get(i))
                            .as(
                                    "hold %d of pid %d: %d ns recorded, %d to %d ns by the oracle",
                                    i, e.getKey(), ours.get(i), shortest, longest)
                            .isBetween(shortest - tolerance, longest + tolerance);
                    long outside = Math.max(0, Math.max(shortest - ours.get(i), ours.get(i) - longest));
                    largestError = Math.max(largestError, outside);
                    checked++;
                }
            }
            assertThat(checked)
                    .as("holds the oracle timed")
                    .isEqualTo(history.holds().size());
            assertThat(figures.busyByCode())
                    .as("BUSY by code, against what the program caught")
                    .isEqualTo(caught);
            // one row of the truth table (docs/measured.md#record): what each source counted
            System.out.printf(
                    Locale.ROOT,
                    "truth | %s | %d write-lock grants (strace) | %d holds recorded (%d transactions) | largest hold error"
                            + " %.3f ms outside the oracle's bracket | BUSY %s recorded, %s caught%n",
                    program,
                    straceGrants.values().stream().mapToInt(Integer::intValue).sum(),
                    history.holds().size(),
                    figures.transactions(),
                    largestError / 1e6,
                    figures.busyByCode(),
                    caught);
        }
    }

    private Checked recordUnderTruth(Path database, String kind, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), driver.toString(), kind));
        command.addAll(List.of(args));
        return recordUnderTruth(database, command);
    }

    private Checked recordUnderTruth(Path database, List<String> program) throws Exception {
        Path out = dir.resolve("rec");
        Path oracleDir = Files.createDirectories(dir.resolve("oracle"));
        Path trace = dir.resolve("strace.txt");
        Path output = dir.resolve("output.txt");
        List<String> command = new ArrayList<>(List.of(
                "env",
                "ORACLE_DIR=" + oracleDir,
                "ORACLE_DB=" + Recorder.absolute(database),
                "/usr/bin/strace",
                "-f",
                "-qq",
                "--seccomp-bpf",
                "-ttt",
                "-y",
                "-e",
                "trace=fcntl,fcntl64",
                "-o",
                trace.toString()));
        // the oracle before lockbench's library, so that its bracket around each lock call holds
        // lockbench's own clock readings
        command.add("env");
        command.add("LD_PRELOAD=" + oracle + " " + library);
        command.addAll(program);
        RecordSummary summary = new Recorder(new Recorder.Options(
                        List.of(database),
                        out,
                        Pattern.compile(BusyLines.DEFAULT_PATTERN),
                        Duration.ofMillis(1),
                        command,
                        library,
                        null,
                        dir,
                        output))
                .record();
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(summary.exitCode()).as(printed).isZero();
        LockHistory history = LockHistory.of(LockEvents.read(out.resolve("events")), 0);
        LockFigures figures = summary.databases().get(0).exact();
        assertThat(figures).isNotNull();
        JsonNode recordJson = Json.MAPPER.readTree(out.resolve("record.json").toFile());
        assertThat(recordJson.at("/databases/0/holds").asLong()).isEqualTo(figures.transactions());
        return new Checked(
                program.size() > 2 && program.get(1).endsWith("drive.py") ? program.get(2) : "sqlite3 shell",
                history,
                figures,
                StraceLocks.writeLockGrants(trace, Recorder.absolute(database)),
                oracleHolds(oracleDir),
                caught(printed));
    }

    /** What the program caught: the driver's JSON line, or the sqlite3 shell's error lines with their codes. */
    private static Map<String, Long> caught(String printed) throws IOException {
        Map<String, Long> caught = new TreeMap<>();
        for (String line : printed.split("\n")) {
            if (line.startsWith("{")) {
                Json.MAPPER
                        .readTree(line)
                        .get("caught")
                        .fields()
                        .forEachRemaining(
                                e -> caught.put(e.getKey(), e.getValue().asLong()));
            }
            Matcher m = SHELL_BUSY.matcher(line);
            if (m.find()) {
                caught.merge(ResultCodes.name(Integer.parseInt(m.group(1))), 1L, Long::sum);
            }
        }
        return caught;
    }

    /**
     * The oracle's holds per process, each as the shortest and the longest it can have been: its records
     * are (kind, first, second) triples of little-endian longs bracketing each grant and release.
     */
    private static Map<Long, List<long[]>> oracleHolds(Path oracleDir) throws IOException {
        Map<Long, List<long[]>> holds = new HashMap<>();
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(oracleDir, "oracle-*.bin")) {
            for (Path log : logs) {
                String name = log.getFileName().toString();
                long pid = Long.parseLong(name.substring("oracle-".length(), name.length() - ".bin".length()));
                ByteBuffer notes = ByteBuffer.wrap(Files.readAllBytes(log)).order(ByteOrder.LITTLE_ENDIAN);
                long[] granted = null;
                while (notes.remaining() >= 24) {
                    long kind = notes.getLong();
                    long first = notes.getLong();
                    long second = notes.getLong();
                    if (kind == 0) {
                        break;
                    }
                    if (kind == 'G' && granted == null) {
                        granted = new long[] {first, second};
                    } else if (kind == 'R' && granted != null) {
                        holds.computeIfAbsent(pid, p -> new ArrayList<>())
                                .add(new long[] {first - granted[1], second - granted[0]});
                        granted = null;
                    }
                }
            }
        }
        return holds;
    }

    private static Path copy(String name, Path to) throws IOException {
        Path target = to.resolve(name);
        try (InputStream in = ThirdPartyProgramsTest.class.getResourceAsStream("/record/thirdparty/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(OutputStream.nullOutputStream());
        return p.waitFor();
    }
}
