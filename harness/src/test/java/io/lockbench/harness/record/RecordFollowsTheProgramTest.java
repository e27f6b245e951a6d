package io.lockbench.harness.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.store.lock.LockTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the lock events make of programs that defeat a sampler: a database deleted and created again or
 * renamed over while recorded, a process that takes the lock again and again while others sleep in
 * SQLite's busy handler, and a program that writes its database without any lock.
 */
@ProcessTest
class RecordFollowsTheProgramTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    static Path tools;

    @TempDir
    Path dir;

    private static Path library;
    private static Path driver;

    @BeforeAll
    static void libraryAndDriver() throws IOException {
        Assumptions.assumeTrue(LockTable.available(), "the lock events are Linux's");
        Assumptions.assumeTrue(EventsLibrary.compiler().isPresent(), "needs a C compiler");
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
        library = EventsLibrary.build(tools.resolve("cache")).library().orElseThrow();
        driver = tools.resolve("drive.py");
        try (InputStream in = RecordFollowsTheProgramTest.class.getResourceAsStream("/record/thirdparty/drive.py")) {
            Files.copy(in, driver);
        }
    }

    private RecordSummary record(Path database, Path out, String... program) throws IOException {
        return new Recorder(new Recorder.Options(
                        List.of(database),
                        out,
                        Pattern.compile(BusyLines.DEFAULT_PATTERN),
                        Duration.ofMillis(1),
                        List.of(program),
                        library,
                        null,
                        dir,
                        dir.resolve("output.txt")))
                .record();
    }

    @Test
    void aDatabaseDeletedAndRenamedOverWhileRecorded_isMeasuredWholeIn20Of20Runs() throws Exception {
        List<String> failures = new ArrayList<>();
        for (int run = 0; run < 20; run++) {
            Path db = dir.resolve("replaced-" + run + ".db");
            Path out = dir.resolve("rec-" + run);
            RecordSummary summary =
                    record(db, out, PYTHON.toString(), driver.toString(), "replace", db.toString(), "3", "10");
            LockFigures f = summary.databases().get(0).exact();
            long inserts = f == null
                    ? 0
                    : f.statements().stream()
                            .filter(s -> "INSERT INTO t (v) VALUES (?)".equals(s.statement()))
                            .mapToLong(LockFigures.StatementFigures::transactions)
                            .sum();
            // three files under one path: the first, one created after a delete, one renamed over it
            if (summary.exitCode() != 0 || inserts != 30 || f.replacements() != 2) {
                failures.add("run " + run + ": exit " + summary.exitCode() + ", " + inserts + " INSERT transactions, "
                        + (f == null ? "no events" : f.replacements() + " replacements"));
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aProcessRetakingTheLockWhileOthersSleep_isOneTransactionPerHold_andAStarvationRun() throws Exception {
        Path db = dir.resolve("starve.db");
        RecordSummary summary = record(
                db, dir.resolve("rec"), PYTHON.toString(), driver.toString(), "starve", db.toString(), "4", "25");
        assertThat(summary.exitCode()).isZero();
        LockFigures f = summary.databases().get(0).exact();
        long inserts = f.statements().stream()
                .filter(s -> "INSERT INTO t (v) VALUES (?)".equals(s.statement()))
                .mapToLong(LockFigures.StatementFigures::transactions)
                .sum();
        assertThat(inserts).isEqualTo(4 * 25);
        // every transaction holds the lock about 10 ms: nothing merged back-to-back ones into a long hold
        assertThat(f.holdMaxMs()).isLessThan(200);
        LockFigures.RunFigures worst = f.runs().get(0);
        assertThat(worst.transactions()).isGreaterThanOrEqualTo(2);
        assertThat(f.runs().stream().anyMatch(LockFigures.RunFigures::starvation))
                .as(f.story())
                .isTrue();
        assertThat(f.story()).contains("busy-handler starvation").contains("INSERT INTO t (v) VALUES (?)");
    }

    @Test
    void aProgramThatWritesWithoutAnyLock_isNoMeasurementOfZero() throws Exception {
        Path db = dir.resolve("nolock.db");
        RecordSummary summary = record(
                db,
                dir.resolve("rec"),
                PYTHON.toString(),
                "-c",
                "import sqlite3, sys\n"
                        + "db = sqlite3.connect('file:' + sys.argv[1] + '?nolock=1', uri=True)\n"
                        + "db.execute('CREATE TABLE t (x)'); db.execute('INSERT INTO t VALUES (1)'); db.commit()\n",
                db.toString());
        assertThat(summary.exitCode()).isZero();
        assertThat(summary.unmeasured()).hasSize(1);
        assertThat(summary.databases().get(0).problem())
                .contains("it was created")
                .contains("no write-lock hold was seen");
    }
}
