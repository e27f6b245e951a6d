package io.lockbench.harness.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.results.RunResult;
import io.lockbench.harness.run.ScenarioRunner;
import io.lockbench.harness.scenario.ScenarioLoader;
import io.lockbench.store.lock.LockTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch beside the harness: a scenario whose importer runs in two worker processes, watched from
 * outside through the lock table. The holds must be attributed to the two worker pids, and their
 * distribution must agree with the hold histogram the harness measured inside the workers (p50 and
 * p99 within 10% or 5 ms, whichever is larger).
 */
@ProcessTest
class WatchAgainstHarnessTest {

    @TempDir
    Path dir;

    @Test
    void holdsSeenFromOutsideMatchTheHarnessesOwnAndBelongToItsWorkers() throws Exception {
        Assumptions.assumeTrue(LockTable.available(), "the lock table is Linux's /proc/locks");
        Path file = dir.resolve("two-importers.yaml");
        Files.writeString(file, """
                seed:
                  catalog: {sources: 2, entries_per_source: 100, executions: 0, steps_per_execution: 1}
                run: {duration: 5s}
                workloads:
                  - name: import
                    type: import-artifacts
                    threads: 1
                    processes: 2
                    think: 15ms
                    params: {artifacts: 5, batch_size: 5, work_per_item: 4ms}
                """);
        Path db = dir.resolve("work").resolve("watched").resolve("lockbench.db");
        Set<Long> holders = ConcurrentHashMap.newKeySet();
        RunResult result;
        LockWatcher watcher;
        try (BackgroundWatch watch = new BackgroundWatch(db, new LockWatcher.Listener() {
            @Override
            public void acquired(Holder holder, java.time.Instant at) {
                holders.add(holder.pid());
            }
        })) {
            watcher = watch.watcher;
            result = new ScenarioRunner(
                            ScenarioLoader.load(file, List.of()),
                            new ScenarioRunner.Options(
                                    dir.resolve("work"), dir.resolve("results"), "watched", null, false))
                    .run();
        }
        long self = ProcessHandle.current().pid();
        List<Long> workers = holders.stream().filter(pid -> pid != self).toList();
        assertThat(workers).as("the two worker processes held the lock").hasSize(2);
        for (long pid : workers) {
            assertThat(watcher.holderOf(pid).command())
                    .startsWith("java LockbenchCommand worker")
                    .contains("--workload import");
        }
        Histogram watched = new Histogram(1, TimeUnit.HOURS.toNanos(1), 3);
        workers.forEach(pid -> watched.add(watcher.holdsByPid().get(pid)));
        RunResult.Stats harness = result.workloads().get(0).millis().get("hold");
        assertThat(harness.p50()).as("holds of at least 10 ms").isGreaterThanOrEqualTo(10);
        assertAgrees("p50", watched.getValueAtPercentile(50) / 1e6, harness.p50());
        assertAgrees("p99", watched.getValueAtPercentile(99) / 1e6, harness.p99());
    }

    private static void assertAgrees(String what, double watchedMs, double harnessMs) {
        double tolerance = Math.max(5.0, 0.10 * harnessMs);
        assertThat(watchedMs)
                .as(what + " of holds seen by watch vs the harness's " + harnessMs + " ms")
                .isBetween(harnessMs - tolerance, harnessMs + tolerance);
    }
}
