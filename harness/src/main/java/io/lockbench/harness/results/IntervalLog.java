package io.lockbench.harness.results;

import com.fasterxml.jackson.databind.SequenceWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The run's per-interval logs. {@code intervals.csv}: cumulative operation, BUSY and error counts per
 * workload at each sample. {@code latency.hlog}: one interval histogram per workload and metric per sample, tagged
 * {@code <workload>.<metric>}, values in nanoseconds. {@code HistogramLogProcessor -tag import.latency}
 * reads it (its default output ratio turns nanoseconds into milliseconds).
 */
public final class IntervalLog implements AutoCloseable {

    private final PrintStream out;
    private final PrintStream countersFile;
    private final SequenceWriter counters;
    private final HistogramLogWriter writer;
    private final long startMillis;
    private long lastEndMillis;

    public IntervalLog(Path file, Path countersFile, Instant start) {
        try {
            this.out = new PrintStream(file.toFile(), StandardCharsets.UTF_8);
            this.countersFile = new PrintStream(countersFile.toFile(), StandardCharsets.UTF_8);
            this.counters = IntervalCounters.CSV.writer(IntervalCounters.SCHEMA).writeValues(this.countersFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.writer = new HistogramLogWriter(out);
        this.startMillis = start.toEpochMilli();
        this.lastEndMillis = startMillis;
        writer.outputComment("lockbench interval log: tags are <workload>.<metric>, values in nanoseconds");
        writer.outputLogFormatVersion();
        writer.outputStartTime(startMillis);
        writer.setBaseTime(startMillis);
        writer.outputBaseTime(startMillis);
        writer.outputLegend();
    }

    /** Writes one interval ending now; all histograms of one sample share the same interval. */
    public void write(String tag, Histogram interval) {
        long now = System.currentTimeMillis();
        interval.setStartTimeStamp(Math.min(lastEndMillis, now));
        interval.setEndTimeStamp(now);
        interval.setTag(tag);
        writer.outputIntervalHistogram(interval);
    }

    /** Cumulative counts of one workload at the end of this sample ({@code intervals.csv}). */
    public void counters(String workload, long attempted, long ok, long busy, long errors, long inconsistent) {
        try {
            counters.write(new IntervalCounters(
                    (System.currentTimeMillis() - startMillis) / 1000.0,
                    workload,
                    attempted,
                    ok,
                    busy,
                    errors,
                    inconsistent));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Marks the end of a sample so the next interval starts where this one ended. */
    public void endSample() {
        lastEndMillis = System.currentTimeMillis();
        // A killed run keeps every interval written so far.
        out.flush();
        try {
            counters.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        out.close();
        try {
            counters.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            countersFile.close();
        }
    }
}
