package io.lockbench.harness.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of running processes, from Linux's {@code /proc/<pid>/status} (0 elsewhere). */
final class PeakMemory {

    private PeakMemory() {}

    /**
     * The larger of the process's own high-water mark ({@code VmHWM}) and the resident memory of it and
     * all its descendants now ({@code VmRSS}): sampled often, the peak of a launcher and its children.
     */
    static long ofTree(ProcessHandle process) {
        long now = field(process.pid(), "VmRSS:");
        for (ProcessHandle child : process.descendants().toList()) {
            now += field(child.pid(), "VmRSS:");
        }
        return Math.max(now, field(process.pid(), "VmHWM:"));
    }

    private static long field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+", -1);
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between two reads, or this is not Linux
        }
        return 0;
    }
}
