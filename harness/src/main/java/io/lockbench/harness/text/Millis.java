package io.lockbench.harness.text;

import java.util.Locale;

/** Durations in milliseconds as people read them: {@code 2.54 s}, {@code 12.3 ms}, {@code 81 us}. */
public final class Millis {

    private Millis() {}

    public static String format(double millis) {
        if (millis >= 1000) {
            return String.format(Locale.ROOT, "%.2f s", millis / 1000);
        }
        if (millis >= 1 || millis == 0) {
            return String.format(Locale.ROOT, "%.1f ms", millis);
        }
        return String.format(Locale.ROOT, "%.0f us", millis * 1000);
    }
}
