package io.lockbench.harness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockbench.harness.watch.WatchReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watch's results directory, written by the watch and read back by the report beside runs. */
class WatchResultsTest {

    @TempDir
    Path dir;

    private static WatchReport.Summary summary() {
        return new WatchReport.Summary(
                "/data/app.db",
                Instant.parse("2026-11-25T10:00:00Z"),
                10.0,
                10_000,
                1.0,
                2.5,
                4.0,
                List.of(new WatchReport.ProcessHolds(4242, "python3 app.py", 2, 20.0, 30.0, 30.0, 50.0)),
                List.of(Map.of("pid", 4242, "held_ms", 30.0)),
                0,
                0,
                0,
                0,
                1024,
                false,
                null,
                0,
                null,
                0,
                "holds are measured to about one sample gap",
                Map.of(4242L, new double[] {20.0, 30.0}));
    }

    @Test
    void aWatchDirectoryIsReadBackAndShownInEveryReportFormat() throws Exception {
        Histogram holds = new Histogram(1, 3_600_000_000_000L, 3);
        holds.recordValue(20_000_000);
        holds.recordValue(30_000_000);
        WatchReport.Summary summary = summary();
        Path out = dir.resolve("app-watch");
        WatchReport.write(out, summary, Map.of(4242L, holds), summary.startedAt());
        assertThat(out.resolve("holds.hlog")).exists();
        assertThat(out.resolve("pid-4242.hgrm")).exists();

        WatchResults read = WatchResults.loadIfWatch(out).orElseThrow();
        assertThat(read.summary().writeLockHolds()).isEqualTo(summary.writeLockHolds());
        assertThat(WatchResults.loadIfWatch(out.resolve("watch.json"))).isPresent();
        assertThat(WatchResults.loadIfWatch(dir)).isEmpty();

        ComparisonReport report = new ComparisonReport(List.of(), List.of(), List.of(read));
        assertThat(report.markdown())
                .contains("## Write-lock holds seen by lockbench watch")
                .contains("| app-watch | 4242 | 2 | 20.00 | 30.00 | 30.00 | 50.00 | python3 app.py |");
        assertThat(report.csv()).contains("app-watch,watch,pid-4242,write-lock-holds,2,");
        assertThat(HtmlReport.render(report)).contains("<td class=\"text\">python3 app.py</td>");

        Files.writeString(out.resolve("watch.json"), "{ not json");
        assertThatThrownBy(() -> WatchResults.loadIfWatch(out))
                .isInstanceOf(ReportException.class)
                .hasMessageContaining("watch.json");
    }

    @Test
    void aRecordDirectory_isReadAsOneWatchPerDatabase_namedAfterTheRecording() throws Exception {
        Path recording = dir.resolve("record-1");
        Histogram holds = new Histogram(3);
        holds.recordValue(20_000_000);
        WatchReport.write(
                recording.resolve("db-app.db"),
                summary(),
                Map.of(4242L, holds),
                summary().startedAt());
        WatchReport.write(
                recording.resolve("db-jobs.db"),
                summary(),
                Map.of(4242L, holds),
                summary().startedAt());
        Files.writeString(recording.resolve("record.json"), "{}");

        List<WatchResults> watches = WatchResults.loadAll(recording);

        assertThat(watches).extracting(WatchResults::id).containsExactly("record-1/db-app.db", "record-1/db-jobs.db");
        assertThat(WatchResults.loadAll(recording.resolve("db-app.db"))).hasSize(1);
        assertThat(WatchResults.loadAll(dir)).isEmpty();
    }
}
