package io.lockbench.harness.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link LockHistory} on lock-event logs written by hand, as the library writes them: holds paired per
 * transaction and named by their statement, waits ended by a grant or a BUSY, a stale snapshot that
 * waited for nothing, runs of one process that others slept through, and who held the lock.
 */
class LockHistoryTest {

    private static final long MS = 1_000_000;

    /** A log under construction: times in ms, written as the library writes nanoseconds. */
    private static final class Log {
        private final long pid;
        private final List<String> lines = new ArrayList<>();

        Log(long pid) {
            this.pid = pid;
            lines.add("V 1 " + pid + " 1 0");
            lines.add("C python3 app.py --worker " + pid);
        }

        Log api() {
            lines.add("A 1234");
            return this;
        }

        Log statement(int id, String shape) {
            lines.add("Q " + id + " 0 " + shape);
            return this;
        }

        Log lock(double ms, char type, long offset, int errno, int statement) {
            long t = (long) (ms * MS);
            lines.add(
                    "L " + t + " " + t + " " + pid + " 0 S L " + type + " " + offset + " 1 " + errno + " " + statement);
            return this;
        }

        /** A transaction holding WAL's write lock from {@code from} to {@code to}, begun by {@code statement}. */
        Log hold(double from, double to, int statement, int statements) {
            lock(from, 'W', 120, 0, statement);
            lock(to, 'U', 120, 0, statement);
            // one WAL frame, no sync, 20 us of CPU
            lines.add(
                    "T " + (long) (to * MS) + " " + pid + " 0 " + statement + " " + statements + " 0 0 4120 0 2 20000");
            return this;
        }

        Log sleep(double from, double to) {
            lines.add("S " + (long) (from * MS) + " " + (long) (to * MS) + " " + pid + " 0");
            return this;
        }

        Log busy(double at, int code, int statement) {
            lines.add("B " + (long) (at * MS) + " " + pid + " 77 s " + (code & 0xff) + " " + code + " " + statement);
            return this;
        }

        LockEvents.ProcessLog parse() throws IOException {
            return LockEvents.parse(
                    "events-" + pid + ".log", new BufferedReader(new StringReader(String.join("\n", lines) + "\n")));
        }
    }

    private static LockHistory history(Log... logs) throws IOException {
        List<LockEvents.ProcessLog> parsed = new ArrayList<>();
        for (Log log : logs) {
            parsed.add(log.parse());
        }
        return LockHistory.of(LockEvents.of(parsed), 0);
    }

    @Test
    void everyGrantAndReleaseIsOneHold_namedByTheStatementThatBeganIt_neverMerged() throws Exception {
        Log writer = new Log(10).api().statement(1, "INSERT INTO jobs VALUES (?)");
        for (int i = 0; i < 5; i++) {
            writer.hold(i * 1.0, i * 1.0 + 0.3, 1, 1); // 0.3 ms each, 0.7 ms apart: one sample would merge them
        }
        LockHistory h = history(writer);
        assertThat(h.transactions()).hasSize(5);
        assertThat(h.transactions()).allSatisfy(t -> {
            assertThat(t.nanos()).isEqualTo((long) (0.3 * MS));
            assertThat(t.firstStatement()).isEqualTo("INSERT INTO jobs VALUES (?)");
            assertThat(t.statements()).isEqualTo(1);
            assertThat(t.counts()).isEqualTo(new LockHistory.Counts(0, 0, 4120, 0, 2, 20000));
        });
        assertThat(h.waits()).isEmpty();
        assertThat(h.runs()).as("nobody waited: no run to report").isEmpty();
    }

    @Test
    void aWaitBeginsAtTheRefusal_andEndsAtTheGrantAfterASleep() throws Exception {
        Log holder = new Log(10).api().statement(1, "UPDATE t SET x = ?").hold(0, 50, 1, 1);
        Log waiter = new Log(20).api().statement(1, "INSERT INTO t VALUES (?)");
        waiter.lock(5, 'R', 123, 0, 1) // its read mark, granted: no wait
                .lock(5.01, 'W', 120, 11, 1) // refused: the wait begins
                .sleep(5.02, 30)
                .lock(30.01, 'R', 124, 0, 1) // a read mark on the retry does not end the wait
                .lock(30.02, 'W', 120, 11, 1)
                .sleep(30.03, 55)
                .lock(55.01, 'W', 120, 0, 1) // granted
                .lock(56, 'U', 120, 0, 1);
        LockHistory h = history(holder, waiter);
        assertThat(h.waits()).hasSize(1);
        LockHistory.Wait w = h.waits().get(0);
        assertThat(w.pid()).isEqualTo(20);
        assertThat(w.granted()).isTrue();
        assertThat(w.sleeps()).isEqualTo(2);
        assertThat(w.lock()).isEqualTo("wal-write");
        assertThat(w.startNanos()).isEqualTo((long) (5.01 * MS));
        assertThat(w.endNanos()).isEqualTo((long) (55.01 * MS));
        assertThat(w.exact()).isTrue();
        assertThat(h.blame()).singleElement().satisfies(b -> {
            assertThat(b.holderPid()).isEqualTo(10);
            assertThat(b.holderStatement()).isEqualTo("UPDATE t SET x = ?");
        });
    }

    @Test
    void aBusyAfterSleeping_isAGivenUpWaitWithItsCode_andBlamesTheHolder() throws Exception {
        Log holder =
                new Log(10).api().statement(1, "DELETE FROM queue WHERE id = ?").hold(0, 100, 1, 3);
        Log waiter = new Log(20).api().statement(4, "BEGIN IMMEDIATE");
        waiter.lock(10, 'W', 120, 11, 4).sleep(10, 15).busy(15.1, ResultCodes.BUSY, 4);
        LockHistory h = history(holder, waiter);
        assertThat(h.waits()).singleElement().satisfies(w -> {
            assertThat(w.granted()).isFalse();
            assertThat(w.outcome()).isEqualTo("SQLITE_BUSY");
            assertThat(w.nanos()).isEqualTo((long) (5.1 * MS));
        });
        assertThat(h.busy()).singleElement().satisfies(b -> {
            assertThat(b.code()).isEqualTo("SQLITE_BUSY");
            assertThat(b.waitedNanos()).isEqualTo((long) (5.1 * MS));
            assertThat(b.statement()).isEqualTo("BEGIN IMMEDIATE");
        });
        assertThat(h.blame()).singleElement().satisfies(b -> {
            assertThat(b.what()).isEqualTo("SQLITE_BUSY");
            assertThat(b.holderPid()).isEqualTo(10);
            assertThat(b.holderStillHolding()).isTrue();
            assertThat(b.holderHeldNanos()).isEqualTo((long) (15.1 * MS));
        });
    }

    @Test
    void aStaleSnapshot_failsAtOnce_isNoWait_andItsGivenBackGrantIsNoTransaction() throws Exception {
        Log writer = new Log(10).api().statement(1, "UPDATE orders SET n = ?").hold(0, 2, 1, 1);
        Log reader = new Log(20).api().statement(2, "UPDATE orders SET n = ?");
        reader.lock(3, 'W', 120, 0, 2).lock(3.01, 'U', 120, 0, 2);
        reader.lines.add("T " + (long) (3.01 * MS) + " 20 0 0 0 0 0 0 0 0 1000");
        reader.busy(3.02, ResultCodes.BUSY_SNAPSHOT, 2);
        LockHistory h = history(writer, reader);
        assertThat(h.waits()).isEmpty();
        assertThat(h.busy()).singleElement().satisfies(b -> {
            assertThat(b.code()).isEqualTo("SQLITE_BUSY_SNAPSHOT");
            assertThat(b.waitedNanos()).isZero();
        });
        assertThat(h.transactions()).extracting(LockHistory.Hold::pid).containsExactly(10L);
        assertThat(h.holds())
                .extracting(LockHistory.Hold::kind)
                .containsExactly(LockHistory.HoldKind.TRANSACTION, LockHistory.HoldKind.STALE_SNAPSHOT);
        // the transaction that committed just before is the one that made the snapshot stale
        assertThat(h.blame())
                .singleElement()
                .satisfies(b -> assertThat(b.holderPid()).isEqualTo(10));
    }

    @Test
    void aProcessRetakingTheLockWhileAnotherSleeps_isARunNamedStarvation() throws Exception {
        Log greedy = new Log(10).api().statement(1, "INSERT INTO log VALUES (?)");
        for (int i = 0; i < 6; i++) {
            greedy.hold(i * 10.0, i * 10.0 + 9.9, 1, 1);
        }
        Log starved = new Log(20).api().statement(1, "INSERT INTO log VALUES (?)");
        starved.lock(1, 'W', 120, 11, 1)
                .sleep(1, 25)
                .lock(25, 'W', 120, 11, 1)
                .sleep(25, 75)
                .lock(75, 'W', 120, 0, 1)
                .lock(76, 'U', 120, 0, 1);
        LockHistory h = history(greedy, starved);
        LockHistory.Run run = h.runs().get(0);
        assertThat(run.pid()).isEqualTo(10);
        assertThat(run.transactions()).isEqualTo(6);
        assertThat(run.waiterPids()).containsExactly(20L);
        assertThat(run.retakenWhileWaited()).isEqualTo(5);
        assertThat(run.starvation()).isTrue();
        assertThat(run.firstStatement()).isEqualTo("INSERT INTO log VALUES (?)");
    }

    @Test
    void aWaitBetweenTwoConnectionsOfOneProcess_isSeenFromItsSleepsAlone() throws Exception {
        // SQLite refuses the lock in memory to the second connection: no request reaches the kernel
        Log app = new Log(10).api().statement(1, "INSERT INTO t VALUES (?)").statement(2, "BEGIN IMMEDIATE");
        app.lock(0, 'W', 120, 0, 1);
        app.sleep(1, 2).sleep(2, 4);
        app.busy(4.01, ResultCodes.BUSY, 2);
        app.lock(9, 'U', 120, 0, 1);
        LockHistory h = history(app);
        assertThat(h.waits()).singleElement().satisfies(w -> {
            assertThat(w.lock()).isEqualTo("in-process");
            assertThat(w.sleeps()).isEqualTo(2);
            assertThat(w.granted()).isFalse();
        });
    }

    @Test
    void aLogOfAnotherFormatVersion_isRefusedWhole() {
        assertThatThrownBy(() -> LockEvents.parse(
                        "events-9.log", new BufferedReader(new StringReader("V 2 9 1 0\nL 1 1 9 0 S L W 120 1 0 0\n"))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format 2")
                .hasMessageContaining("format 1");
    }

    @Test
    void aLineCutShortByAKilledProcess_isCountedAndSkipped() throws Exception {
        LockEvents.ProcessLog log = LockEvents.parse(
                "events-9.log",
                new BufferedReader(new StringReader("V 1 9 1 0\nL 1 1 9 0 S L W 120 1 0 0\nL 2 2 9 0 S L U 12")));
        assertThat(log.locks()).hasSize(1);
        assertThat(log.malformedLines()).isEqualTo(1);
    }
}
