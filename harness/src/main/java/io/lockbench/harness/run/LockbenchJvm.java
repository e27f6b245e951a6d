package io.lockbench.harness.run;

import io.lockbench.store.config.InvalidConfigException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a fresh JVM running {@code lockbench} with this JVM's Java and class path. */
public final class LockbenchJvm {

    /**
     * The command line's main class. Named, not referenced, because the command line depends on this
     * package and not the other way round; {@code LockbenchCommandTest} pins it to the real class, and the
     * jar's manifest (harness/pom.xml) names the same class.
     */
    public static final String MAIN_CLASS = "io.lockbench.harness.cli.LockbenchCommand";

    /**
     * The JVM options the {@code lockbench} launcher gives an {@code import}: a one-shot batch job that
     * ends before C2's compilations pay back on two cores, and stays small with the serial collector
     * and a small initial heap (which still grows as a long line needs it). The launcher script holds
     * the same list ({@code LockbenchJvmTest} checks).
     */
    public static final List<String> IMPORT_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-Xms16m", "-XX:+UseSerialGC");

    /**
     * The CPU niceness the launcher gives an import (what {@code nice} itself picks): background work that
     * leaves the cores to a process reading the same store, and loses nothing when nothing else wants them.
     * {@value #IMPORT_NICE_VARIABLE} sets another level, 0 none; the launcher script holds the same default
     * ({@code LockbenchJvmTest} checks).
     */
    public static final int IMPORT_NICENESS = 10;

    public static final String IMPORT_NICE_VARIABLE = "LOCKBENCH_IMPORT_NICE";

    /** Where {@code run} hands a worker the PostgreSQL URL of its database, out of sight of other users. */
    public static final String RUN_DATABASE_ENV = "LOCKBENCH_RUN_DB";

    private LockbenchJvm() {}

    /** Whether a {@code --set} override sets the PostgreSQL URL, which may carry a password. */
    public static boolean isUrlOverride(String override) {
        int equals = override.indexOf('=');
        String key = (equals < 0 ? override : override.substring(0, equals)).trim();
        return key.equals("url") || key.equals("store.url");
    }

    /**
     * {@code java <this JVM's options> -cp <class path> <lockbench main> args...}, as a list to extend and
     * start. Workers and gate blocks run with the heap, GC and system properties the parent was given,
     * so a result measured in them is measured under the same settings; a debugger agent is left out
     * (two JVMs cannot listen on one port).
     */
    public static List<String> command(String... args) {
        return java(inheritedOptions(), mainClass(), args);
    }

    /**
     * {@code lockbench import args...} as the launcher runs it: at {@link #IMPORT_NICENESS}, with
     * {@link #IMPORT_OPTIONS}, then this JVM's options, which win (a collector chosen there replaces the
     * serial one, since the JVM refuses two).
     */
    public static List<String> importCommand(String... args) {
        List<String> inherited = inheritedOptions();
        boolean collectorChosen = inherited.stream().anyMatch(o -> o.startsWith("-XX:+Use") && o.endsWith("GC"));
        List<String> options = new ArrayList<>();
        IMPORT_OPTIONS.stream()
                .filter(o -> !(collectorChosen && o.endsWith("GC")))
                .forEach(options::add);
        options.addAll(inherited);
        List<String> launch = new ArrayList<>(mainClass());
        launch.add("import");
        List<String> command = new ArrayList<>(nice(System.getenv(IMPORT_NICE_VARIABLE)));
        command.addAll(java(options, launch, args));
        return command;
    }

    /** {@code nice -n <level>} for a {@value #IMPORT_NICE_VARIABLE} setting (null or empty: the default), or nothing for 0. */
    static List<String> nice(String setting) {
        int level = IMPORT_NICENESS;
        if (setting != null && !setting.isEmpty()) {
            if (!setting.matches("[0-9]{1,2}") || Integer.parseInt(setting) > 19) {
                throw new InvalidConfigException(
                        IMPORT_NICE_VARIABLE, "expected a whole number from 0 to 19, got '" + setting + "'");
            }
            level = Integer.parseInt(setting);
        }
        return level == 0 ? List.of() : List.of("nice", "-n", Integer.toString(level));
    }

    /** {@code java <this JVM's options> -jar jar args...}: another lockbench build, under the same JVM settings. */
    public static List<String> jarCommand(Path jar, String... args) {
        return java(inheritedOptions(), List.of("-jar", jar.toAbsolutePath().toString()), args);
    }

    private static List<String> mainClass() {
        return List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS);
    }

    /** {@code <this JVM's java> options launch args}. */
    private static List<String> java(List<String> options, List<String> launch, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(launch);
        command.addAll(List.of(args));
        return command;
    }

    static List<String> inheritedOptions() {
        List<String> options = new ArrayList<>();
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib:jdwp")
                    && !option.startsWith("-Xrunjdwp")
                    && !option.startsWith("-javaagent:")) {
                options.add(option);
            }
        }
        return options;
    }
}
