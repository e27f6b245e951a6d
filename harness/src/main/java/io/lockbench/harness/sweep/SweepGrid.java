package io.lockbench.harness.sweep;

import io.lockbench.harness.scenario.ScenarioException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The points of a sweep: every combination of the values of each {@code --vary key=v1,v2,...}. */
public record SweepGrid(Map<String, List<String>> axes) {

    public static final int MAX_POINTS = 500;

    public static SweepGrid parse(List<String> varies) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (String vary : varies) {
            int eq = vary.indexOf('=');
            if (eq <= 0 || eq == vary.length() - 1) {
                throw new ScenarioException("--vary", vary, "expected key=v1,v2,... e.g. store.batch_size=1,10,100");
            }
            String key = vary.substring(0, eq).trim();
            List<String> values = new ArrayList<>();
            for (String v : vary.substring(eq + 1).split(",", -1)) {
                if (v.isBlank()) {
                    throw new ScenarioException("--vary", key, "empty value in '" + vary + "'");
                }
                values.add(v.trim());
            }
            if (axes.put(key, values) != null) {
                throw new ScenarioException("--vary", key, "given twice; list every value in one --vary");
            }
        }
        SweepGrid grid = new SweepGrid(axes);
        if (grid.size() > MAX_POINTS) {
            throw new ScenarioException(
                    "--vary",
                    String.join(" x ", axes.keySet()),
                    grid.size() + " points; a sweep is limited to " + MAX_POINTS);
        }
        return grid;
    }

    public long size() {
        long n = 1;
        for (List<String> values : axes.values()) {
            n *= values.size();
        }
        return n;
    }

    /** Every point as key=value overrides, the first axis varying slowest. */
    public List<Map<String, String>> points() {
        List<Map<String, String>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> point : points) {
                for (String value : axis.getValue()) {
                    Map<String, String> p = new LinkedHashMap<>(point);
                    p.put(axis.getKey(), value);
                    next.add(p);
                }
            }
            points = next;
        }
        return points;
    }

    /** A directory-safe name for a point: {@code batch_size-10_busy_timeout_ms-1000}. */
    public static String pointId(Map<String, String> point) {
        List<String> parts = new ArrayList<>();
        point.forEach((k, v) -> parts.add(k.substring(k.lastIndexOf('.') + 1) + "-" + v));
        return String.join("_", parts).replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
