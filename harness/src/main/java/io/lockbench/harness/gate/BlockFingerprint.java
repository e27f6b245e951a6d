package io.lockbench.harness.gate;

import io.lockbench.harness.report.LoadedRun;
import io.lockbench.harness.results.BuildInfo;
import io.lockbench.harness.results.Environment;
import io.lockbench.harness.results.RunFile;
import io.lockbench.harness.scenario.Scenario;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a gate block was measured with, so that blocks are only ever compared with blocks measured
 * the same way: the scenario file (by content), the resolved configuration (block duration
 * included), the lockbench build, and the machine (JVM, CPU count and model).
 */
record BlockFingerprint(String scenarioSha256, Map<String, String> configuration, String build, String machine) {

    static BlockFingerprint of(LoadedRun run) {
        Map<String, Object> env =
                run.run().environment() == null ? Map.of() : run.run().environment();
        return new BlockFingerprint(
                String.valueOf(run.run().scenarioSha256()),
                new TreeMap<>(run.configuration()),
                env.get("lockbench_version") + " " + env.get("lockbench_commit"),
                machine(env.get("java_vm"), env.get("cpus"), env.get("cpu_model")));
    }

    /** The fingerprint a block of {@code scenario} (overrides applied) measured now, by this build on this machine, will have. */
    static BlockFingerprint expected(Scenario scenario) {
        BuildInfo build = BuildInfo.current();
        return new BlockFingerprint(
                RunFile.sha256(scenario.file()),
                new TreeMap<>(RunFile.flatConfiguration(scenario)),
                build.version() + " " + build.commit(),
                machine(Environment.jvm(), Runtime.getRuntime().availableProcessors(), Environment.cpuModel()));
    }

    private static String machine(Object jvm, Object cpus, Object model) {
        return jvm + ", " + cpus + " CPUs, " + model;
    }

    /** The first difference from {@code other} that matters for comparing blocks, or null when there is none. */
    String differenceInMeasurement(BlockFingerprint other) {
        if (!scenarioSha256.equals(other.scenarioSha256)) {
            return "the scenario file differs (sha256 " + abbreviate(scenarioSha256) + " vs "
                    + abbreviate(other.scenarioSha256) + ")";
        }
        for (String key : union(configuration, other.configuration)) {
            String a = configuration.get(key);
            String b = other.configuration.get(key);
            if (!Objects.equals(a, b)) {
                return "the configuration differs: " + key + " = " + a + " vs " + b;
            }
        }
        return null;
    }

    /** The first difference at all, machine and build included, or null. */
    String difference(BlockFingerprint other) {
        String measurement = differenceInMeasurement(other);
        if (measurement != null) {
            return measurement;
        }
        if (!build.equals(other.build)) {
            return "the lockbench build differs (" + build + " vs " + other.build + ")";
        }
        if (!machine.equals(other.machine)) {
            return "the machine differs (" + machine + " vs " + other.machine + ")";
        }
        return null;
    }

    private static Set<String> union(Map<String, String> a, Map<String, String> b) {
        Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    private static String abbreviate(String sha) {
        return sha == null || sha.length() < 12 ? String.valueOf(sha) : sha.substring(0, 12);
    }
}
