package io.lockbench.harness.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a fresh JVM running {@code lockbench} with this JVM's Java and class path. */
public final class LockbenchJvm {

    private static final String MAIN = "io.lockbench.harness.cli.LockbenchCommand";

    private LockbenchJvm() {
    }

    /** {@code java -cp <class path> <lockbench main> args...}, as a list to extend and start. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MAIN));
        command.addAll(List.of(args));
        return command;
    }
}
