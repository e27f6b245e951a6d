package io.lockbench.harness.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.store.lock.LockTable;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch sampling once an hour still ends as soon as it is told: by SIGTERM or SIGINT, with its
 * summary, and at its --duration, in a real process. (Bounds are generous for a loaded machine; the
 * sleep they guard against is the hour.)
 */
@ProcessTest
class WatchSignalsTest {

    @TempDir
    Path dir;

    private Path db;

    @BeforeEach
    void aDatabase() throws Exception {
        Assumptions.assumeTrue(LockTable.available(), "the lock table is Linux's /proc/locks");
        db = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x)");
        }
    }

    private LockbenchProcess watching(String... extra) throws Exception {
        String[] args = new String[3 + extra.length];
        args[0] = "watch";
        args[1] = db.toString();
        args[2] = "--json";
        System.arraycopy(extra, 0, args, 3, extra.length);
        LockbenchProcess watch = LockbenchProcess.start(dir.resolve("logs"), args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!watch.output().contains("\"watch_started\"")) {
            assertThat(watch.process.isAlive()).as(watch.output()).isTrue();
            assertThat(System.nanoTime()).as("the watch never started").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
        // The first sample is taken right after the start line; then the watch sleeps for its interval.
        TimeUnit.MILLISECONDS.sleep(200);
        return watch;
    }

    @Test
    void sigtermEndsAWatchWithAnHourlongInterval_withItsSummary() throws Exception {
        LockbenchProcess watch = watching("--interval", "1h");
        watch.process.destroy();
        assertThat(watch.process.waitFor(30, TimeUnit.SECONDS))
                .as("still sleeping its interval after SIGTERM")
                .isTrue();
        assertThat(watch.output()).contains("\"event\":\"summary\"");
    }

    @Test
    void sigintEndsItToo() throws Exception {
        LockbenchProcess watch = watching("--interval", "1h");
        new ProcessBuilder("kill", "-INT", Long.toString(watch.process.pid()))
                .start()
                .waitFor();
        assertThat(watch.process.waitFor(30, TimeUnit.SECONDS))
                .as("still sleeping its interval after SIGINT")
                .isTrue();
        assertThat(watch.output()).contains("\"event\":\"summary\"");
    }

    @Test
    void durationIsKeptWhateverTheInterval() throws Exception {
        LockbenchProcess watch = watching("--interval", "1000h", "--duration", "1s");
        assertThat(watch.await(60)).as(watch.output()).isZero();
        assertThat(watch.output()).contains("\"event\":\"summary\"");
    }
}
