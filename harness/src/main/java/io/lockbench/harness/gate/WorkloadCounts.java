package io.lockbench.harness.gate;

import com.fasterxml.jackson.core.type.TypeReference;
import io.lockbench.harness.json.Json;
import io.lockbench.harness.record.LockEvents;
import io.lockbench.harness.run.EventThreads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What each workload's write transactions did in one gate block, counted from the lock events of the
 * block's run: every write transaction a workload thread committed during its measured operations (the
 * run's thread map, {@link EventThreads}, says which thread ran which workload and when), with the
 * syncs, write calls, bytes and CPU time of each. Kept with the block as {@code counts.json}, so stored
 * baseline blocks carry theirs.
 */
public record WorkloadCounts(Map<String, Workload> workloads) {

    static final String FILE = "counts.json";

    public WorkloadCounts {
        workloads = Map.copyOf(workloads);
    }

    /** One workload's totals over a block's measured operations. */
    public record Workload(
            long operations,
            long transactions,
            long syncs,
            long writes,
            long bytes,
            long cpuNanos,
            long cpuTransactions) {

        /** The value of {@code metric} in its own unit (per operation or per write transaction). */
        public double value(CountTier.Metric metric) {
            double tx = Math.max(1, transactions);
            if (metric.equals(CountTier.TRANSACTIONS_PER_OP)) {
                return operations == 0 ? 0 : (double) transactions / operations;
            } else if (metric.equals(CountTier.SYNCS)) {
                return syncs / tx;
            } else if (metric.equals(CountTier.WRITES)) {
                return writes / tx;
            } else if (metric.equals(CountTier.BYTES)) {
                return bytes / tx;
            } else if (metric.equals(CountTier.CPU)) {
                return cpuTransactions == 0 ? 0 : cpuNanos / 1e6 / cpuTransactions;
            }
            throw new IllegalArgumentException("a workload has no count " + metric.name());
        }
    }

    /** The counts a scenario gate compares per workload. */
    public static final List<CountTier.Metric> METRICS =
            List.of(CountTier.TRANSACTIONS_PER_OP, CountTier.SYNCS, CountTier.WRITES, CountTier.BYTES, CountTier.CPU);

    /**
     * Counts the events in {@code eventsDir} by workload; null when no process there wrote a thread map
     * (a lockbench build that does not, or a run that measured no operation).
     */
    public static WorkloadCounts measure(Path eventsDir) throws IOException {
        Map<Long, Map<Long, List<Span>>> spans = threadMaps(eventsDir);
        if (spans.isEmpty()) {
            return null;
        }
        Map<String, long[]> totals = new TreeMap<>();
        spans.values()
                .forEach(byTid -> byTid.values()
                        .forEach(list -> list.forEach(s -> {
                            totals.computeIfAbsent(s.workload, k -> new long[7])[0] += s.operations;
                        })));
        for (LockEvents.ProcessLog process : LockEvents.read(eventsDir).processes()) {
            Map<Long, List<Span>> byTid = spans.getOrDefault(process.pid(), Map.of());
            for (LockEvents.TransactionEnd t : process.transactionEnds()) {
                for (Span s : byTid.getOrDefault(t.tid(), List.of())) {
                    if (t.nanos() >= s.from && t.nanos() <= s.to) {
                        long[] w = totals.get(s.workload);
                        w[1]++;
                        w[2] += t.syncs();
                        w[3] += t.writes();
                        w[4] += t.dbBytes() + t.walBytes() + t.journalBytes();
                        if (t.cpuNanos() >= 0) {
                            w[5] += t.cpuNanos();
                            w[6]++;
                        }
                        break;
                    }
                }
            }
        }
        Map<String, Workload> workloads = new LinkedHashMap<>();
        totals.forEach((name, w) -> workloads.put(name, new Workload(w[0], w[1], w[2], w[3], w[4], w[5], w[6])));
        return new WorkloadCounts(workloads);
    }

    /** One thread's measured operations: between {@code from} and {@code to}, {@code operations} of them. */
    private record Span(long from, long to, long operations, String workload) {}

    /** pid -> tid -> spans, from every {@code threads-PID.tsv} in {@code dir}. */
    private static Map<Long, Map<Long, List<Span>>> threadMaps(Path dir) throws IOException {
        Map<Long, Map<Long, List<Span>>> maps = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return maps;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, EventThreads.FILE_PREFIX + "*.tsv")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                long pid = Long.parseLong(
                        name.substring(EventThreads.FILE_PREFIX.length(), name.length() - ".tsv".length()));
                Map<Long, List<Span>> byTid = maps.computeIfAbsent(pid, k -> new HashMap<>());
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] f = line.split(" ", 5);
                    if (f.length == 5) {
                        byTid.computeIfAbsent(Long.parseLong(f[0]), k -> new ArrayList<>())
                                .add(new Span(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), f[4]));
                    }
                }
            }
        }
        return maps;
    }

    void write(Path blockDir) throws IOException {
        Json.MAPPER
                .writerWithDefaultPrettyPrinter()
                .writeValue(blockDir.resolve(FILE).toFile(), workloads);
    }

    /** A block's counts, or null when it has none (measured without the lock-event library). */
    public static WorkloadCounts read(Path blockDir) throws IOException {
        Path file = blockDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        return new WorkloadCounts(Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Workload>>() {}));
    }
}
