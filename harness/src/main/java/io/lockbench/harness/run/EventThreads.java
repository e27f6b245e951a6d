package io.lockbench.harness.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which kernel thread ran which workload, written beside the lock events when a run is started under
 * lockbench's lock-event library ({@code LOCKBENCH_EVENTS_DIR} set, as gate blocks are): the events name
 * the thread that held each write transaction, and this file turns that into a workload and its measured
 * operations. One line per workload thread, {@code tid from to operations workload}: the kernel thread
 * id, the {@code System.nanoTime} (on Linux {@code CLOCK_MONOTONIC}, the events' clock) at which its first
 * measured operation began and its last one ended, and how many it ran in between. A thread runs its
 * operations one after the other, so the write transactions it committed between those two times are
 * exactly its measured operations' (warm-up operations come before).
 */
public final class EventThreads {

    /** The variable that names the events directory of a run under the lock-event library. */
    public static final String EVENTS_DIR_ENV = "LOCKBENCH_EVENTS_DIR";

    /** The map's file name in the events directory, one per process. */
    public static final String FILE_PREFIX = "threads-";

    private final Path dir;
    private final List<Entry> entries = new ArrayList<>();

    private EventThreads(Path dir) {
        this.dir = dir;
    }

    /** The map for this process, or null when it does not run under the lock-event library. */
    public static EventThreads fromEnvironment() {
        String dir = System.getenv(EVENTS_DIR_ENV);
        return dir == null || dir.isBlank() ? null : new EventThreads(Path.of(dir));
    }

    /** One workload thread's measured operations. Written by its thread only, read after it ended. */
    public static final class Entry {
        final long tid;
        final String workload;
        long from = -1;
        long to = -1;
        long operations;

        Entry(long tid, String workload) {
            this.tid = tid;
            this.workload = workload;
        }

        /** A measured operation that ran from {@code startNanos} to {@code endNanos}. */
        public void measured(long startNanos, long endNanos) {
            if (from < 0) {
                from = startNanos;
            }
            to = endNanos;
            operations++;
        }
    }

    /** Registers the calling thread as one of {@code workload}'s; null when its kernel id cannot be read. */
    public synchronized Entry enter(String workload) {
        long tid = currentTid();
        if (tid < 0) {
            return null;
        }
        Entry e = new Entry(tid, workload);
        entries.add(e);
        return e;
    }

    /** Writes {@code threads-PID.tsv} into the events directory. */
    public synchronized void write() {
        StringBuilder out = new StringBuilder();
        for (Entry e : entries) {
            if (e.operations > 0) {
                out.append(
                        String.format(Locale.ROOT, "%d %d %d %d %s%n", e.tid, e.from, e.to, e.operations, e.workload));
            }
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(FILE_PREFIX + ProcessHandle.current().pid() + ".tsv");
            Files.writeString(file, out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the thread map into " + dir, e);
        }
    }

    /** The calling thread's kernel id, from {@code /proc/thread-self -> PID/task/TID}; -1 where there is none. */
    static long currentTid() {
        try {
            Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return Long.parseLong(link.getFileName().toString());
        } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
            return -1;
        }
    }
}
