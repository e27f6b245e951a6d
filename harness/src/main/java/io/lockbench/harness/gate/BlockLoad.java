package io.lockbench.harness.gate;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.lockbench.harness.json.Json;
import io.lockbench.harness.results.Environment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What else the machine was doing while one gate block ran, from Linux's {@code /proc}: the CPU that
 * processes other than the gate and its block used (in cores, averaged over the block), the share of
 * time the hypervisor stole, and the one-minute load average at the end. A block run beside other work
 * measures that work as much as lockbench; the report flags such blocks. Where {@code /proc} cannot be
 * read every figure is NaN.
 */
public record BlockLoad(
        @JsonProperty("block") String block,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("other_cpu_cores") double otherCpuCores,
        @JsonProperty("steal") double steal,
        @JsonProperty("load_average_1m") double loadAverage) {

    /** Other processes using half a core or more, or a hypervisor stealing 5% or more, marks a block as run under load. */
    public static final double BUSY_CORES = 0.5;

    public static final double BUSY_STEAL = 0.05;

    static final String FILE = "machine-load.json";

    public boolean underLoad() {
        return otherCpuCores >= BUSY_CORES || steal >= BUSY_STEAL;
    }

    public String describe() {
        return String.format(
                Locale.ROOT,
                "%s: other processes %.2f cores, steal %.0f%%, load average %.2f",
                block,
                otherCpuCores,
                100 * steal,
                loadAverage);
    }

    void write(Path blockDir) throws IOException {
        Json.pretty().writeValue(blockDir.resolve(FILE).toFile(), this);
    }

    /** The load recorded in a block's directory, or null for blocks recorded without it. */
    static BlockLoad read(Path blockDir) {
        Path file = blockDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), BlockLoad.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** CPU counters at one moment: the machine's and this process's (its reaped children included). */
    record Sample(long total, long busy, long steal, long own, long nanos) {

        static Sample now() {
            long nanos = System.nanoTime();
            try {
                String[] cpu = Files.readAllLines(Path.of("/proc/stat"), StandardCharsets.US_ASCII)
                        .get(0)
                        .trim()
                        .split("\\s+", -1);
                // user nice system idle iowait irq softirq steal (guest time is already in user and nice)
                long total = 0;
                for (int i = 1; i <= 8 && i < cpu.length; i++) {
                    total += Long.parseLong(cpu[i]);
                }
                long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
                long steal = cpu.length > 8 ? Long.parseLong(cpu[8]) : 0;
                String self = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
                // Fields after the command name (which may hold spaces) start at "state"; utime, stime,
                // cutime and cstime are fields 14 to 17, so 11 to 14 after it.
                String[] f = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+", -1);
                long own =
                        Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                return new Sample(total, total - idle - steal, steal, own, nanos);
            } catch (IOException | RuntimeException e) {
                return new Sample(-1, -1, -1, -1, nanos);
            }
        }

        BlockLoad since(Sample start, String block) {
            double seconds = (nanos - start.nanos) / 1e9;
            long dTotal = total - start.total;
            if (total < 0 || start.total < 0 || dTotal <= 0) {
                return new BlockLoad(block, seconds, Double.NaN, Double.NaN, Environment.loadAverage());
            }
            int cpus = Runtime.getRuntime().availableProcessors();
            double others = Math.max(0, (double) (busy - start.busy) - (own - start.own)) / dTotal * cpus;
            return new BlockLoad(
                    block, seconds, others, (double) (steal - start.steal) / dTotal, Environment.loadAverage());
        }
    }
}
