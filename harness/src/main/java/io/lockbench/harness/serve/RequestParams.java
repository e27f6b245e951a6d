package io.lockbench.harness.serve;

import io.javalin.http.Context;
import io.lockbench.store.config.ConfigChoice;
import io.lockbench.store.query.Bucket;
import io.lockbench.store.transcript.Timestamps;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Query parameters, checked: a bad one ends the request with a 400 that names it and what is allowed. */
final class RequestParams {

    private RequestParams() {}

    static int integer(Context ctx, String name, int defaultValue, int min, int max) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ProblemException.badParameter(
                name, name + " must be a whole number from " + min + " to " + max + " but was '" + clip(text) + "'");
    }

    static Bucket bucket(Context ctx, Bucket defaultValue) {
        String text = ctx.queryParam("bucket");
        if (text == null) {
            return defaultValue;
        }
        for (Bucket bucket : Bucket.values()) {
            if (bucket.configName().equals(text)) {
                return bucket;
            }
        }
        String allowed =
                Arrays.stream(Bucket.values()).map(ConfigChoice::configName).collect(Collectors.joining(", "));
        throw ProblemException.badParameter(
                "bucket", "bucket must be one of " + allowed + " but was '" + clip(text) + "'");
    }

    /** An ISO-8601 instant such as {@code 2026-01-31T00:00:00Z}, or the default when absent. */
    static Instant instant(Context ctx, String name, Instant defaultValue) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            Instant value = Instant.parse(text.trim());
            if (!value.isBefore(Timestamps.MIN) && value.isBefore(Timestamps.END)) {
                return value;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw ProblemException.badParameter(
                name,
                name + " must be an ISO-8601 UTC instant from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z,"
                        + " e.g. 2026-01-31T00:00:00Z, but was '" + clip(text) + "'");
    }

    static void checkRange(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw ProblemException.badParameter("from", "from must be before to, but " + from + " is not before " + to);
        }
    }

    /** Echoed input is cut short: a problem response must not grow with what a client sends. */
    static String clip(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }
}
