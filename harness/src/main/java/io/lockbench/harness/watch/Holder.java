package io.lockbench.harness.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process as the watch names it: pid and command line (from /proc, read once). */
public record Holder(long pid, String command) {

    public static Holder of(long pid) {
        return new Holder(pid, commandLine(pid));
    }

    static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String text =
                    new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
            return text.isEmpty() ? "?" : text;
        } catch (IOException | SecurityException e) {
            return "? (not visible: gone, or in another pid namespace)";
        }
    }
}
