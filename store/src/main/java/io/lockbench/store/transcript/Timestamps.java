package io.lockbench.store.transcript;

import java.time.Instant;

/**
 * The instants the store keeps: years 1 to 9999, as epoch milliseconds. Every sum and bucket over them
 * fits in 64 bits, and one window covers all of them, so a timeline without limits and the total of
 * every session count the same records.
 */
public final class Timestamps {

    /** The first instant the store keeps. */
    public static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    /** The first instant after the last the store keeps. */
    public static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

    public static final String RANGE = "0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999Z";

    private Timestamps() {}

    public static boolean representable(Instant instant) {
        return !instant.isBefore(MIN) && instant.isBefore(END);
    }
}
