package io.lockbench.harness.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.store.lock.LockTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts of a write transaction, from a program whose every transaction is known: in WAL mode one
 * INSERT of a short row and one UPDATE of it into a one-page table write one WAL frame (a 24-byte header
 * and a 4,096-byte page, two write calls), and sync the WAL once at commit with {@code synchronous=FULL},
 * never with NORMAL.
 */
@ProcessTest
class TransactionCountsTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    static Path tools;

    @TempDir
    Path dir;

    private static Path library;

    @BeforeAll
    static void library() {
        Assumptions.assumeTrue(LockTable.available(), "the lock events are Linux's");
        Assumptions.assumeTrue(EventsLibrary.compiler().isPresent(), "needs a C compiler");
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
        library = EventsLibrary.build(tools.resolve("cache")).library().orElseThrow();
    }

    private LockFigures.PerTransaction countsWith(String synchronous) throws Exception {
        Path db = dir.resolve(synchronous + ".db");
        String program = String.join(
                "\n",
                "import sqlite3, sys",
                "db = sqlite3.connect(sys.argv[1], isolation_level=None)",
                "db.execute('PRAGMA journal_mode=WAL')",
                "db.execute('PRAGMA synchronous=" + synchronous + "')",
                "db.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)')",
                "for i in range(50):",
                "    db.execute('BEGIN IMMEDIATE')",
                "    db.execute('INSERT INTO t (id, v) VALUES (1, ?)', ('row',))",
                "    db.execute('UPDATE t SET v = ? WHERE id = 1', ('again',))",
                "    db.execute('DELETE FROM t')",
                "    db.execute('COMMIT')",
                "");
        RecordSummary summary = new Recorder(new Recorder.Options(
                        List.of(db),
                        dir.resolve("rec-" + synchronous),
                        Pattern.compile(BusyLines.DEFAULT_PATTERN),
                        Duration.ofMillis(1),
                        List.of(PYTHON.toString(), "-c", program, db.toString()),
                        library,
                        null,
                        dir,
                        dir.resolve(synchronous + ".txt")))
                .record();
        assertThat(summary.exitCode()).isZero();
        LockHistory history =
                LockHistory.of(LockEvents.read(dir.resolve("rec-" + synchronous).resolve("events")), 0);
        List<LockHistory.Hold> inserts = history.transactions().stream()
                .filter(h -> "INSERT INTO t (id, v) VALUES (?, ?)".equals(h.firstStatement()))
                .toList();
        assertThat(inserts).hasSize(50);
        return LockFigures.PerTransaction.of(inserts);
    }

    @Test
    void aKnownTransaction_givesExactlyItsStatementsWritesBytesAndSyncs() throws Exception {
        LockFigures.PerTransaction normal = countsWith("NORMAL");
        assertThat(normal.statements()).isEqualTo(3.0);
        assertThat(normal.syncs()).isZero();
        assertThat(normal.walBytes()).isEqualTo(4096 + 24);
        assertThat(normal.writes()).isEqualTo(2.0);
        assertThat(normal.dbBytes()).isZero();
        assertThat(normal.cpuMs()).isPositive();

        LockFigures.PerTransaction full = countsWith("FULL");
        assertThat(full.syncs())
                .as("synchronous=FULL syncs the WAL at every commit")
                .isEqualTo(1.0);
        assertThat(full.statements()).isEqualTo(3.0);
        assertThat(full.walBytes()).isEqualTo(4096 + 24);
    }
}
