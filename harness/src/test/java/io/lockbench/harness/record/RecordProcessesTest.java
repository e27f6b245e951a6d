package io.lockbench.harness.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.json.Json;
import io.lockbench.harness.reliability.LockbenchProcess;
import io.lockbench.store.lock.LockTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lockbench record} on programs that are not Java: a Python writer waiting behind a hold this
 * test takes, a Python program that prints SQLite's "database is locked", and a shell script driving
 * the sqlite3 shell. Contention is made, not hoped for: this JVM holds the write lock while the
 * recorded program tries.
 */
@ProcessTest
class RecordProcessesTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final long HOLD_MS = 300;

    @TempDir
    Path dir;

    @BeforeAll
    static void linuxWithPythonAndSqlite3() {
        Assumptions.assumeTrue(LockTable.available(), "the lock table is Linux's /proc/locks");
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
    }

    private Path database() throws Exception {
        Path db = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE t (x)");
        }
        return db;
    }

    private Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = RecordProcessesTest.class.getResourceAsStream("/record/" + name)) {
            Files.copy(in, file);
        }
        file.toFile().setExecutable(true);
        return file;
    }

    /** This JVM's own write transaction on {@code db}: held until closed. */
    private static Connection holdWriteLock(Path db) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        try (Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("INSERT INTO t VALUES (0)");
        }
        return c;
    }

    private static void release(Connection holder) throws Exception {
        try (holder;
                Statement s = holder.createStatement()) {
            s.execute("COMMIT");
        }
    }

    private static void awaitOutput(LockbenchProcess record, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!record.output().contains(text)) {
            assertThat(record.process().isAlive())
                    .as("record ended early: %s", record.output())
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("no '%s' in %s", text, record.output())
                    .isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private static JsonNode summary(Path out) throws IOException {
        return Json.MAPPER.readTree(out.resolve("record.json").toFile());
    }

    @Test
    void aPythonWriterWaitingBehindAHoldOf300ms_showsThatWait_asThePythonProgramMeasuredIt() throws Exception {
        Path db = database();
        Path out = dir.resolve("rec");
        LockbenchProcess record = LockbenchProcess.start(
                dir,
                "record",
                "--db",
                db.toString(),
                "--out",
                out.toString(),
                "--",
                PYTHON.toString(),
                resource("wait_for_lock.py").toString(),
                db.toString());
        awaitOutput(record, "ready");
        Connection holder = holdWriteLock(db);
        long heldAt = System.nanoTime();
        try (OutputStream stdin = record.process().getOutputStream()) {
            stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
        }
        TimeUnit.NANOSECONDS.sleep(TimeUnit.MILLISECONDS.toNanos(HOLD_MS) - (System.nanoTime() - heldAt));
        release(holder);

        assertThat(record.await(120)).as(record.output()).isZero();

        Matcher own = Pattern.compile("waited ([0-9.]+)").matcher(record.output());
        assertThat(own.find()).as(record.output()).isTrue();
        double pythonSaw = Double.parseDouble(own.group(1));
        JsonNode db0 = summary(out).get("databases").get(0);
        assertThat(summary(out).at("/events/recorded").asBoolean()).isTrue();
        JsonNode python = onlyProcessWithWaits(db0);
        assertThat(python.get("command").asText()).contains("wait_for_lock.py");
        assertThat(python.get("waits").asLong()).isEqualTo(1);
        assertThat(python.get("waitsGivenUp").asLong()).isZero();
        assertThat(python.get("sqliteApi").asBoolean()).isTrue();
        double recorded = python.get("waitMaxMs").asDouble();
        // The interposer times the wait from the first refused request to the grant; the program's own
        // timer also holds its statement's work before and after, which a loaded machine stretches (by
        // 6 ms with a busy loop on each core). So: inside the program's span, and at most 5% shorter.
        assertThat(recorded).isLessThanOrEqualTo(pythonSaw + 0.5);
        assertThat(recorded).isGreaterThanOrEqualTo(pythonSaw * 0.95);
        // SQLite's busy handler retries every 100 ms by then, so the grant comes up to 100 ms after the release.
        assertThat(recorded).isBetween(HOLD_MS - 30.0, HOLD_MS + 30.0 + 100.0);
        // This JVM held the lock without the library (record did not start it): its holds are not in the
        // exact figures, and record says so.
        List<Long> notSeen = new ArrayList<>();
        summary(out).at("/events/notSeen").forEach(pid -> notSeen.add(pid.asLong()));
        assertThat(notSeen)
                .contains(ProcessHandle.current().pid())
                .doesNotContain(python.get("pid").asLong());
        assertThat(record.output()).contains("no lock events from pids");
    }

    private static JsonNode onlyProcessWithWaits(JsonNode database) {
        List<JsonNode> withWaits = new ArrayList<>();
        database.at("/exact/processes").forEach(p -> {
            if (p.get("waits").asLong() > 0) {
                withWaits.add(p);
            }
        });
        assertThat(withWaits).hasSize(1);
        return withWaits.get(0);
    }

    @Test
    void linesSayingDatabaseIsLocked_areCounted_andAZeroExitIsRecordsExit() throws Exception {
        Path db = database();
        Path out = dir.resolve("rec");
        Connection holder = holdWriteLock(db);
        LockbenchProcess record;
        try {
            record = LockbenchProcess.start(
                    dir,
                    "record",
                    "--db",
                    db.toString(),
                    "--out",
                    out.toString(),
                    "--",
                    PYTHON.toString(),
                    resource("print_busy.py").toString(),
                    db.toString(),
                    "7");
            assertThat(record.await(120)).as(record.output()).isZero();
        } finally {
            release(holder);
        }

        JsonNode summary = summary(out);
        assertThat(summary.get("busyLines").asLong()).isEqualTo(7);
        assertThat(summary.get("exitCode").asInt()).isZero();
        assertThat(summary.get("firstBusyLines").get(0).asText())
                .isEqualTo("attempt 0: sqlite3.OperationalError: database is locked");
        assertThat(Files.readString(out.resolve("busy.csv"))).startsWith("second,busy_lines\n");
        assertThat(summary.at("/events/recorded").asBoolean()).isTrue();
        // Every line the program printed was a BUSY that SQLite returned: the exact count agrees.
        assertThat(summary.at("/databases/0/busyByCode/SQLITE_BUSY").asLong()).isEqualTo(7);
        // The program's own output still reaches the console.
        assertThat(record.output()).contains("attempt 6: sqlite3.OperationalError: database is locked", "done");
    }

    @Test
    void holdsOfSqlite3ShellProcesses_areAttributedToTheirOwnPids() throws Exception {
        Assumptions.assumeTrue(onPath("sqlite3"), "needs the sqlite3 shell");
        Path db = database();
        Path out = dir.resolve("rec");
        LockbenchProcess record = LockbenchProcess.start(
                dir,
                "record",
                "--db",
                db.toString(),
                "--out",
                out.toString(),
                "--",
                resource("sqlite3_holds.sh").toString(),
                db.toString());
        assertThat(record.await(120)).as(record.output()).isZero();

        List<Long> pids = new ArrayList<>();
        Matcher m = Pattern.compile("pid ([0-9]+)").matcher(record.output());
        while (m.find()) {
            pids.add(Long.parseLong(m.group(1)));
        }
        assertThat(pids).hasSize(2);
        JsonNode watch = summary(out).at("/databases/0/watch");
        List<Long> holders = new ArrayList<>();
        long[] holds = {0};
        watch.get("writeLockHolds").forEach(p -> {
            holders.add(p.get("pid").asLong());
            holds[0] += p.get("holds").asLong();
            assertThat(p.get("command").asText()).startsWith("sqlite3 ");
        });
        assertThat(holders).containsExactlyInAnyOrderElementsOf(pids);
        // One hold each; a watch stalled by a loaded machine splits a hold where it paused, and says how often.
        assertThat(holds[0]).isEqualTo(2 + watch.get("holdsSplitAtPauses").asLong());
        assertThat(Files.exists(out.resolve("db-app.db").resolve("watch.json"))).isTrue();
    }

    @Test
    void aFailingCommandsExitStatus_isRecordsExitStatus_andSaidInOneLine() throws Exception {
        Path out = dir.resolve("rec");
        LockbenchProcess record = LockbenchProcess.start(
                dir,
                "record",
                "--db",
                dir.resolve("later.db").toString(),
                "--out",
                out.toString(),
                "--",
                "sh",
                "-c",
                "exit 7");

        assertThat(record.await(60)).as(record.output()).isEqualTo(7);
        assertThat(record.output()).contains("lockbench record: sh -c 'exit 7' exited with 7");
        assertThat(summary(out).get("exitCode").asInt()).isEqualTo(7);
    }

    @Test
    void aPasswordInTheCommandLineOrItsOutput_isNotInTheRecording() throws Exception {
        Path out = dir.resolve("rec");
        LockbenchProcess record = LockbenchProcess.start(
                dir,
                "record",
                "--db",
                database().toString(),
                "--out",
                out.toString(),
                "--",
                "sh",
                "-c",
                "echo 'database is locked (postgresql://app:hunter2@db.internal/app)'",
                "postgresql://app:hunter2@db.internal/app");

        assertThat(record.await(60)).as(record.output()).isZero();
        String json = Files.readString(out.resolve("record.json"));
        assertThat(json).doesNotContain("hunter2").contains("database is locked");
        assertThat(summary(out).get("busyLines").asLong()).isEqualTo(1);
    }

    @Test
    void aDatabaseTheCommandNeverCreated_isNothingMeasured_exit1_notARecordingOfZero() throws Exception {
        Path out = dir.resolve("rec");
        LockbenchProcess record = LockbenchProcess.start(
                dir, "record", "--db", dir.resolve("typo.db").toString(), "--out", out.toString(), "--", "true");

        assertThat(record.await(60)).as(record.output()).isEqualTo(1);
        assertThat(record.output())
                .contains("nothing measured: the database did not exist when the command ended; check --db");
        assertThat(summary(out).get("exitCode").asInt())
                .as("what was measured is still written")
                .isZero();
    }

    @Test
    void anIntervalOfAnHour_doesNotKeepRecordAfterItsCommandEnded() throws Exception {
        LockbenchProcess record = LockbenchProcess.start(
                dir,
                "record",
                "--db",
                database().toString(),
                "--interval",
                "1h",
                "--out",
                dir.resolve("rec").toString(),
                "--",
                "true");
        // Generous for a loaded machine; before, record slept two intervals (two hours) after its command.
        assertThat(record.await(120)).as(record.output()).isZero();
    }

    @Test
    void aCommandThatIgnoresSigterm_isKilled_andTheRecordingIsWritten() throws Exception {
        Path out = dir.resolve("rec");
        Path started = dir.resolve("started");
        LockbenchProcess record = LockbenchProcess.start(
                dir,
                "record",
                "--db",
                database().toString(),
                "--out",
                out.toString(),
                "--",
                "sh",
                "-c",
                "trap '' TERM; touch " + started + "; while :; do sleep 1; done");
        for (int i = 0; i < 600 && !Files.exists(started); i++) {
            Thread.sleep(100);
        }
        assertThat(started).as("the command started").exists();
        record.process().toHandle().destroy();
        assertThat(record.await(120))
                .as("record ends after SIGTERM: " + record.output())
                .isNotZero();
        assertThat(out.resolve("record.json"))
                .as("what was measured is written")
                .exists();
    }

    @Test
    void aCommandThatCannotStart_isAUsageError_inOneLine() throws Exception {
        LockbenchProcess record = LockbenchProcess.start(
                dir,
                "record",
                "--db",
                dir.resolve("x.db").toString(),
                "--out",
                dir.resolve("rec").toString(),
                "--",
                dir.resolve("no-such-program").toString());

        assertThat(record.await(60)).isEqualTo(2);
        assertThat(record.output().strip().lines()).hasSize(1);
        assertThat(record.output()).contains("CMD: cannot start", "no-such-program");
        assertThat(dir.resolve("rec")).as("no empty --out is left").doesNotExist();
    }

    @Test
    void aBusyPatternThatIsNoRegularExpression_isAUsageErrorNamingTheOption() throws Exception {
        LockbenchProcess record = LockbenchProcess.start(
                dir, "record", "--db", dir.resolve("x.db").toString(), "--busy-pattern", "(", "--", "true");

        assertThat(record.await(60)).isEqualTo(2);
        assertThat(record.output()).contains("busy-pattern").doesNotContain("Exception");
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv("PATH").split(":", -1)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
