package io.lockbench.harness.workload;

import java.util.SplittableRandom;

/** One repetition of a workload. */
@FunctionalInterface
public interface Operation {

    /**
     * Runs the operation once on the calling thread. Returns {@code false} when a read's response
     * broke its invariant (it mixed two database states); throws when the operation failed.
     */
    boolean run(Caller caller) throws Exception;

    /** Which thread of the workload is calling, with a random source of its own (seeded per thread). */
    record Caller(int thread, long iteration, SplittableRandom random) {}
}
