package io.lockbench.harness.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.store.lock.LockTable;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The watch against another language's SQLite: a Python {@code sqlite3} process holds the write lock
 * for known durations, in WAL and in rollback-journal mode, while the watcher samples the kernel's
 * lock table. The holder's pid, the number of holds and their lengths (within the sampling
 * resolution, plus the commit itself) must come out.
 */
@ProcessTest
class WatchProcessesTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final int HOLDS = 5;
    private static final long HOLD_MS = 60;
    private static final long GAP_MS = 120;

    @TempDir
    Path dir;

    @BeforeAll
    static void linuxWithPython() {
        Assumptions.assumeTrue(LockTable.available(), "the lock table is Linux's /proc/locks");
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "needs " + PYTHON);
    }

    /** A Python writer on {@code database} (a path or an SQLite URI), started and waiting for "go". */
    private Process writer(String database, String journalMode) throws Exception {
        Path script = dir.resolve("hold_write_lock.py");
        if (!Files.exists(script)) {
            try (var in = WatchProcessesTest.class.getResourceAsStream("/watch/hold_write_lock.py")) {
                Files.copy(in, script);
            }
        }
        Process python = new ProcessBuilder(
                        PYTHON.toString(),
                        script.toString(),
                        database,
                        journalMode,
                        Integer.toString(HOLDS),
                        Long.toString(HOLD_MS),
                        Long.toString(GAP_MS))
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("python-errors.txt").toFile()))
                .start();
        assertThat(lineOf(python)).isEqualTo("ready");
        return python;
    }

    private static String lineOf(Process python) throws Exception {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = python.getInputStream().read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }

    /** Watches while the writer does its holds; {@code listener} hears what the watch sees meanwhile. */
    private LockWatcher watchWhileItWrites(Path db, Process python, LockWatcher.Listener listener) throws Exception {
        LockWatcher watcher;
        try (BackgroundWatch watch = new BackgroundWatch(db, listener)) {
            watcher = watch.watcher;
            while (watcher.samples() < 10) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            try (OutputStream go = python.getOutputStream()) {
                go.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(lineOf(python)).isEqualTo("done");
        }
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return watcher;
    }

    @ParameterizedTest
    @ValueSource(strings = {"wal", "delete"})
    void holdsOfAPythonWriterAreAttributedCountedAndTimed(String journalMode) throws Exception {
        Path db = dir.resolve("app.db");
        Process python = writer(db.toString(), journalMode);
        LockWatcher watcher = watchWhileItWrites(db, python, new LockWatcher.Listener() {});

        assertThat(watcher.holdsByPid()).containsOnlyKeys(python.pid());
        assertThat(watcher.holdsByPid().get(python.pid()).getTotalCount()).isEqualTo(HOLDS);
        List<Hold> holds = watcher.longestHolds();
        assertThat(holds).hasSize(HOLDS);
        long slack = Math.max(watcher.maxGapNanos(), TimeUnit.MILLISECONDS.toNanos(2));
        for (Hold hold : holds) {
            assertThat(hold.holder().command()).contains("hold_write_lock.py");
            // The lock is held for the sleep plus the insert and the commit; the ends are known to a sample gap.
            assertThat(hold.nanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(HOLD_MS) - slack);
            assertThat(hold.nanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(HOLD_MS + GAP_MS));
        }
        assertThat(watcher.everNotVisible()).isFalse();
        assertThat(watcher.pathChange()).isEqualTo(DatabaseFiles.PathChange.NONE);
    }

    /**
     * The database deleted while the writer holds its first lock: the hold in progress is measured
     * to its real end on the unlinked file (SQLite then refuses the writer's next transaction, as the
     * database has moved), and the watch says the path was removed.
     */
    @Test
    void aDatabaseRemovedWhileWatched_isSaidSo_andTheHoldInProgressIsMeasuredToItsEnd() throws Exception {
        Path db = dir.resolve("app.db");
        Process python = writer(db.toString(), "delete");
        LockWatcher watcher;
        try (BackgroundWatch watch = new BackgroundWatch(db, new LockWatcher.Listener() {
            @Override
            public void acquired(Holder holder, java.time.Instant at) {
                try {
                    Files.deleteIfExists(db);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        })) {
            watcher = watch.watcher;
            while (watcher.samples() < 10) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            try (OutputStream go = python.getOutputStream()) {
                go.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            // The writer's second transaction fails ("attempt to write a readonly database") and it exits.
            assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(watcher.pathChange()).isEqualTo(DatabaseFiles.PathChange.REMOVED);
        assertThat(watcher.pathChangedAt()).isNotNull();
        assertThat(watcher.holdsByPid()).containsOnlyKeys(python.pid());
        long slack = Math.max(watcher.maxGapNanos(), TimeUnit.MILLISECONDS.toNanos(2));
        assertThat(watcher.longestHolds().get(0).nanos())
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(HOLD_MS) - slack);
    }

    /**
     * Writers whose VFS takes no POSIX locks: the lock table shows nothing, and the watch must say
     * its zero is not the truth instead of reporting no holds as a fact.
     */
    @ParameterizedTest
    @ValueSource(strings = {"unix-none", "unix-dotfile"})
    void aWriterWithoutPosixLocks_isReportedAsNotVisible_neverAsASilentZero(String vfs) throws Exception {
        Path db = dir.resolve("app.db");
        Process python = writer("file:" + db + "?vfs=" + vfs, "delete");
        LockWatcher watcher = watchWhileItWrites(db, python, new LockWatcher.Listener() {});
        assertThat(watcher.holdsByPid()).isEmpty();
        assertThat(watcher.everNotVisible()).isTrue();
        assertThat(watcher.notVisibleReason()).contains("unix-dotfile");
    }
}
