package io.lockbench.harness.results;

import io.lockbench.store.SessionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The fingerprint of where a run happened, so two results can be compared knowingly. */
public final class Environment {

    private Environment() {}

    public static Map<String, Object> describe(SessionStore store) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("java_version", System.getProperty("java.version"));
        env.put("java_vm", jvm());
        env.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        env.put("cpus", Runtime.getRuntime().availableProcessors());
        env.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        env.putAll(store.environment());
        return common(env);
    }

    private static Map<String, Object> common(Map<String, Object> env) {
        env.put("ci", System.getenv("CI") != null);
        BuildInfo build = BuildInfo.current();
        env.put("lockbench_version", build.version());
        env.put("lockbench_commit", build.commit());
        env.put("lockbench_commit_dirty", build.dirty());
        env.put("jvm_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        env.put("cpu_model", cpuModel());
        env.put("host", host());
        double load = loadAverage();
        env.put("load_average_1m", Double.isNaN(load) ? null : load);
        return env;
    }

    /** The machine's name (Linux's kernel hostname), or "unknown": without a DNS lookup, which can hang. */
    public static String host() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * The one-minute load average (runnable and waiting tasks), or NaN where the OS does not say: how busy
     * the machine was when the figures were taken.
     */
    public static double loadAverage() {
        try {
            return Double.parseDouble(
                    Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+", -1)[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The JVM's name and version, as {@code run.json} records it. */
    public static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version");
    }

    /** The processor's model name where the OS tells it (Linux), else the architecture. */
    public static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException | UncheckedIOException e) {
            return System.getProperty("os.arch");
        }
    }
}
