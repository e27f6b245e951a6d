package io.lockbench.harness.results;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * One row of {@code intervals.csv}: a workload's cumulative counts at the end of one sample. The run
 * writes and reports read the file with the same schema and CSV library, so a workload name with a
 * comma or quote survives and a damaged row is refused rather than read into the wrong columns.
 */
public record IntervalCounters(
        double seconds, String workload, long attempted, long ok, long busy, long otherErrors, long inconsistent) {

    public static final CsvMapper CSV = CsvMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS)
            .enable(CsvParser.Feature.FAIL_ON_MISSING_HEADER_COLUMNS)
            .build();

    public static final CsvSchema SCHEMA = CsvSchema.builder()
            .addNumberColumn("seconds")
            .addColumn("workload")
            .addNumberColumn("attempted")
            .addNumberColumn("ok")
            .addNumberColumn("busy")
            .addNumberColumn("other_errors")
            .addNumberColumn("inconsistent")
            .setUseHeader(true)
            .setStrictHeaders(true)
            .build();
}
