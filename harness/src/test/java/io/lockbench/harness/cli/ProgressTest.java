package io.lockbench.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final StringWriter text = new StringWriter();

    private Progress progress(boolean terminal) {
        return new Progress(new PrintWriter(text), terminal, now::get);
    }

    @Test
    void redrawsAtMostFiveTimesASecondOfTheClock() {
        Progress p = progress(true);
        p.started(3, 100_000_000);
        for (int commit = 1; commit <= 10; commit++) {
            now.addAndGet(50_000_000L); // 10 commits, 50 ms apart: 500 ms in all
            p.committed(Path.of("f.jsonl"), commit, commit * 10_000_000L);
        }
        assertThat(text.toString().split("\r", -1)).hasSize(1 + 3); // drawn at 50, 250 and 450 ms
    }

    @Test
    void showsABarThePercentageTheRateAndWhatIsLeft() {
        Progress p = progress(true);
        p.started(1, 100_000_000);
        now.addAndGet(2_000_000_000L);
        p.committed(Path.of("f.jsonl"), 1, 50_000_000);

        assertThat(text.toString())
                .isEqualTo("\r[###############---------------]  50.0%      50.0 MB    25.0 MB/s  eta 2 s");
    }

    @Test
    void printsNothingWhenNoOneIsWatching() {
        Progress p = progress(false);
        p.started(1, 100);
        now.addAndGet(1_000_000_000L);
        p.committed(Path.of("f.jsonl"), 1, 50);
        p.finish();
        assertThat(text.toString()).isEmpty();
    }
}
