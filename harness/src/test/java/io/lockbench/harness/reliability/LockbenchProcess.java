package io.lockbench.harness.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real {@code lockbench} process started with this JVM's class path, its output in a file. */
public final class LockbenchProcess {

    final Process process;
    final Path output;

    private LockbenchProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static LockbenchProcess start(Path outputDir, String... args) throws IOException {
        return start(outputDir, List.of(), args);
    }

    /** Started in {@code workingDir}, as a user runs lockbench from their own project's directory. */
    public static LockbenchProcess startIn(Path workingDir, Path outputDir, String... args) throws IOException {
        return start(workingDir, outputDir, List.of(), "-Xmx512m", args);
    }

    /** {@code prefix} runs before java, e.g. {@code bash -c "ulimit -f N; exec \"$0\" \"$@\""}. */
    static LockbenchProcess start(Path outputDir, List<String> prefix, String... args) throws IOException {
        return startWithHeap(outputDir, prefix, "-Xmx512m", args);
    }

    /** {@code heap} is the JVM's heap option, e.g. {@code -Xmx64m}. */
    static LockbenchProcess startWithHeap(Path outputDir, List<String> prefix, String heap, String... args)
            throws IOException {
        return start(null, outputDir, prefix, heap, args);
    }

    private static LockbenchProcess start(
            Path workingDir, Path outputDir, List<String> prefix, String heap, String... args) throws IOException {
        Files.createDirectories(outputDir);
        Path output = Files.createTempFile(outputDir, "lockbench-", ".out");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap,
                "-cp",
                System.getProperty("java.class.path"),
                "io.lockbench.harness.cli.LockbenchCommand"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(workingDir == null ? null : workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new LockbenchProcess(process, output);
    }

    public Process process() {
        return process;
    }

    /** Waits for the process to end and returns its exit code. */
    public int await(long seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("lockbench did not finish within " + seconds + " s: " + output());
        }
        return process.exitValue();
    }

    /** SIGKILL, as a crash or an OOM killer would: no shutdown hooks, no cleanup. */
    public boolean kill() throws InterruptedException {
        boolean wasRunning = process.isAlive();
        process.destroyForcibly().waitFor();
        return wasRunning;
    }

    public String output() throws IOException {
        return Files.readString(output);
    }
}
