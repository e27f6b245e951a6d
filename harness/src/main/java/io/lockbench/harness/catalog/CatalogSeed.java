package io.lockbench.harness.catalog;

/**
 * The size of a deterministic catalog: {@code sources} marketplace sources with
 * {@code entriesPerSource} entries each (every fourth entry a composite with one to three children),
 * and {@code executions} workflow executions of {@code stepsPerExecution} steps.
 */
public record CatalogSeed(int sources, int entriesPerSource, int executions, int stepsPerExecution) {

    public static final int MAX_SOURCES = 10_000;
    public static final int MAX_ENTRIES_PER_SOURCE = 100_000;
    public static final int MAX_EXECUTIONS = 1_000_000;
    public static final int MAX_STEPS = 1_000;

    public CatalogSeed {
        check("sources", sources, 0, MAX_SOURCES);
        check("entries_per_source", entriesPerSource, 0, MAX_ENTRIES_PER_SOURCE);
        check("executions", executions, 0, MAX_EXECUTIONS);
        check("steps_per_execution", stepsPerExecution, 1, MAX_STEPS);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + " but was " + value);
        }
    }

    /** Children of the {@code index}-th entry (0-based) of a source: 0, or 1–3 for every fourth entry. */
    static int childCount(int index) {
        return index % 4 == 3 ? 1 + (index / 4) % 3 : 0;
    }
}
