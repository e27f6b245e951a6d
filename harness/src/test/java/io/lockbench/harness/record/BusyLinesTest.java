package io.lockbench.harness.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BusyLinesTest {

    private static final Pattern DEFAULT = Pattern.compile(BusyLines.DEFAULT_PATTERN);

    @Test
    void outputIsPassedOnByteForByte_andMatchingLinesAreCounted() throws Exception {
        byte[] output = ("ok\nsqlite3.OperationalError: database is locked\n\u00e9t\u00e9 \u0000 binary\n"
                        + "[SQLITE_BUSY] The database file is locked\nlast line without newline: database table is locked")
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        BusyLines busy = new BusyLines(DEFAULT, System.nanoTime());

        busy.pump(new ByteArrayInputStream(output), copy);

        assertThat(copy.toByteArray()).isEqualTo(output);
        assertThat(busy.total()).isEqualTo(3);
        assertThat(busy.first())
                .containsExactly(
                        "sqlite3.OperationalError: database is locked",
                        "[SQLITE_BUSY] The database file is locked",
                        "last line without newline: database table is locked");
    }

    @Test
    void aLineSplitAcrossReads_isMatchedOnce() throws Exception {
        byte[] line = "Error: database is locked\n".getBytes(StandardCharsets.UTF_8);
        InputStream trickle = new InputStream() {
            private int next;

            @Override
            public int read() {
                return next < line.length ? line[next++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (next >= line.length) {
                    return -1;
                }
                b[off] = line[next++];
                return 1;
            }
        };
        BusyLines busy = new BusyLines(DEFAULT, System.nanoTime());

        busy.pump(trickle, new ByteArrayOutputStream());

        assertThat(busy.total()).isEqualTo(1);
    }

    @Test
    void linesAreCountedPerSecondOfTheRecording() {
        AtomicLong now = new AtomicLong(0);
        BusyLines busy = new BusyLines(DEFAULT, 0, now::get);

        busy.seen("a");
        now.set(TimeUnit.MILLISECONDS.toNanos(999));
        busy.seen("b");
        now.set(TimeUnit.MILLISECONDS.toNanos(2_500));
        busy.seen("c");

        assertThat(busy.perSecond()).isEqualTo(Map.of(0L, 2L, 2L, 1L));
    }

    @Test
    void onlyTheFirstLinesAreKept_allAreCounted() {
        BusyLines busy = new BusyLines(DEFAULT, System.nanoTime());
        for (int i = 0; i < BusyLines.KEPT + 5; i++) {
            busy.seen("database is locked " + i);
        }
        assertThat(busy.total()).isEqualTo(BusyLines.KEPT + 5);
        assertThat(busy.first()).hasSize(BusyLines.KEPT).startsWith("database is locked 0");
    }

    @Test
    void aPatternThatOverflowsTheStack_leavesTheOutputWhole_andSaysSo() throws Exception {
        // (a|b)* recurses once per character in java.util.regex: a long line overflows any thread's stack.
        Pattern deep = Pattern.compile("^(a|b)*$");
        byte[] output = ("ab".repeat(200_000) + "\nshort\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        BusyLines busy = new BusyLines(deep, System.nanoTime());

        busy.pump(new ByteArrayInputStream(output), copy);

        assertThat(copy.toByteArray()).isEqualTo(output);
        assertThat(busy.problem()).contains("1 output line could not be matched", "lower bound");
    }

    @Test
    void aPatternThatBacktracksForever_isGivenUp_andEveryLaterLineIsStillPassedOn() throws Exception {
        Pattern slow = Pattern.compile("(x+x+)+y");
        String line = "x".repeat(5_000) + "\n";
        byte[] output =
                (line.repeat(BusyLines.GIVE_UP_AFTER + 5) + "database is locked\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        BusyLines busy = new BusyLines(slow, System.nanoTime());

        busy.pump(new ByteArrayInputStream(output), copy);

        assertThat(copy.toByteArray()).isEqualTo(output);
        assertThat(busy.problem()).contains(BusyLines.GIVE_UP_AFTER + " output lines", "was given up");
    }

    @Test
    void aBusyMessageAtTheEndOfALineLongerThan64KiB_isCounted() throws Exception {
        byte[] output = ("x".repeat(200_000) + " sqlite3.OperationalError: database is locked\n")
                .getBytes(StandardCharsets.UTF_8);
        BusyLines busy = new BusyLines(DEFAULT, System.nanoTime());

        busy.pump(new ByteArrayInputStream(output), new ByteArrayOutputStream());

        assertThat(busy.total()).isEqualTo(1);
        assertThat(busy.problem()).isNull();
    }
}
