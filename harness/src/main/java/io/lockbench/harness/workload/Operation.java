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

    /**
     * Asks every call of {@link #run} in flight, on any thread, to end now: the run is stopping and will
     * not wait for them. Interrupting the threads ends sleeps; an operation that runs SQL ends its
     * statement here (a statement that never ends does not notice a thread's interrupt).
     */
    default void interrupt() {}

    /** Which thread of the workload is calling, with a random source of its own (seeded per thread). */
    record Caller(int thread, long iteration, SplittableRandom random) {}
}
