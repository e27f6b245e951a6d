package io.lockbench.harness.workload;

import java.time.Duration;
import java.util.List;

/** One type-specific knob of a workload: its name, kind, default and limits. */
public record Param(
        String name, Kind kind, Object defaultValue, long min, long max, List<String> choices, String help) {

    public enum Kind {
        INTEGER,
        DURATION,
        CHOICE
    }

    public static Param integer(String name, Integer defaultValue, long min, long max, String help) {
        return new Param(name, Kind.INTEGER, defaultValue, min, max, List.of(), help);
    }

    public static Param duration(String name, Duration defaultValue, String help) {
        return new Param(name, Kind.DURATION, defaultValue, 0, Long.MAX_VALUE, List.of(), help);
    }

    public static Param choice(String name, String defaultValue, List<String> choices, String help) {
        return new Param(name, Kind.CHOICE, defaultValue, 0, 0, choices, help);
    }
}
