package io.lockbench.harness.cli;

import io.lockbench.harness.scenario.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** A duration option spelled as in scenario files ({@code 1ms}, {@code 500us}, {@code 30s}, {@code 5m}, {@code 0}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        Duration parsed = Durations.parse(value);
        if (parsed == null) {
            throw new CommandLine.TypeConversionException(
                    "expected a duration such as 500us, 1ms, 30s or 5m but was '" + value + "'");
        }
        return parsed;
    }
}
