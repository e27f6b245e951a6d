package io.lockbench.store.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockbench.store.TestStores;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteException;

class FairWriterGateTest {

    @TempDir
    Path dir;

    /** Waits until {@code n} writers queue at the gate; fails the test instead of spinning forever. */
    private static void awaitWaiting(FairWriterGate gate, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (gate.waiting() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " writers waiting at the gate, saw " + gate.waiting());
            }
            Thread.sleep(1);
        }
    }

    /** Joins every thread within a bound and rethrows the first failure any of them recorded. */
    private static void joinAll(List<Thread> threads, List<Throwable> failures) throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("a writer thread failed", failures.get(0));
        }
    }

    @Test
    void waitingWritersGetTheConnectionInArrivalOrder() throws Exception {
        try (ConnectionProvider provider = ConnectionProvider.create(TestStores.config(dir))) {
            FairWriterGate gate = provider.writer().unwrap(FairWriterGate.class);
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            List<Thread> writers = new ArrayList<>();
            try (Connection held = provider.openWriter()) {
                for (int i = 0; i < 4; i++) {
                    int id = i;
                    Thread writer = new Thread(
                            () -> {
                                try (Connection c = provider.openWriter()) {
                                    order.add(id);
                                } catch (Exception | Error e) {
                                    failures.add(e);
                                }
                            },
                            "writer-" + i);
                    writer.start();
                    writers.add(writer);
                    // the next writer starts only once this one is queued behind the held connection
                    awaitWaiting(gate, i + 1);
                }
            }
            joinAll(writers, failures);
            assertThat(order).containsExactly(0, 1, 2, 3);
        }
    }

    @Test
    void aWriterWaitingPastTheBusyTimeoutGetsSqliteBusy() throws Exception {
        StoreConfig config = TestStores.config(dir).with(Settings.BUSY_TIMEOUT_MS, 100);
        try (ConnectionProvider provider = ConnectionProvider.create(config);
                Connection held = provider.openWriter()) {
            long started = System.nanoTime();
            assertThatThrownBy(provider::openWriter)
                    .isInstanceOfSatisfying(
                            SQLiteException.class,
                            e -> assertThat(e.getResultCode().code).isEqualTo(5));
            assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(90));
        }
    }

    @Test
    void closingTwiceReleasesTheTurnOnce() throws Exception {
        try (ConnectionProvider provider = ConnectionProvider.create(TestStores.config(dir))) {
            FairWriterGate gate = provider.writer().unwrap(FairWriterGate.class);
            Connection c = provider.openWriter();
            c.close();
            c.close();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            Thread second = new Thread(
                    () -> {
                        try (Connection queued = provider.openWriter()) {
                            assertThat(queued.isClosed()).isFalse();
                        } catch (Exception | Error e) {
                            failures.add(e);
                        }
                    },
                    "second-writer");
            try (Connection again = provider.openWriter()) {
                // With one turn, a second writer must queue at the gate (two turns would let it through to the pool).
                second.start();
                awaitWaiting(gate, 1);
                assertThat(gate.waiting()).isEqualTo(1);
                assertThat(again.isClosed()).isFalse();
            }
            joinAll(List.of(second), failures);
        }
    }
}
