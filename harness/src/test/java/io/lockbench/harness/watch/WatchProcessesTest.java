package io.lockbench.harness.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The watch against another language's SQLite: a Python {@code sqlite3} process holds the write lock
 * for known durations, in WAL and in rollback-journal mode, while the watcher samples the kernel's
 * lock table. The holder's pid, the number of holds and their lengths (within the sampling
 * resolution, plus the commit itself) must come out.
 */
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

    @ParameterizedTest
    @ValueSource(strings = {"wal", "delete"})
    void holdsOfAPythonWriterAreAttributedCountedAndTimed(String journalMode) throws Exception {
        Path script = dir.resolve("hold_write_lock.py");
        try (var in = WatchProcessesTest.class.getResourceAsStream("/watch/hold_write_lock.py")) {
            Files.copy(in, script);
        }
        Path db = dir.resolve("app.db");
        Process python = new ProcessBuilder(
                        PYTHON.toString(),
                        script.toString(),
                        db.toString(),
                        journalMode,
                        Integer.toString(HOLDS),
                        Long.toString(HOLD_MS),
                        Long.toString(GAP_MS))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("ready");

        LockWatcher watcher;
        try (BackgroundWatch watch = new BackgroundWatch(db, new LockWatcher.Listener() {})) {
            watcher = watch.watcher;
            while (watcher.samples() < 10) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            try (OutputStream go = python.getOutputStream()) {
                go.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(out.readLine()).isEqualTo("done");
        }
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();

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
    }
}
