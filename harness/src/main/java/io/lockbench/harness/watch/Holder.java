package io.lockbench.harness.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A process as the watch names it: pid and command line (from /proc, read once). A Java command line
 * is shown without its JVM options and class path, which would hide the part that tells processes
 * apart: the main class or jar and its arguments.
 */
public record Holder(long pid, String command) {

    private static final Set<String> WITH_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path");

    public static Holder of(long pid) {
        return new Holder(pid, commandLine(pid));
    }

    static String commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            List<String> argv = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= raw.length; i++) {
                if (i == raw.length || raw[i] == 0) {
                    if (i > start) {
                        argv.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
            return argv.isEmpty() ? "?" : String.join(" ", readable(argv));
        } catch (IOException | SecurityException e) {
            return "? (not visible: gone, or in another pid namespace)";
        }
    }

    static List<String> readable(List<String> argv) {
        String program = Path.of(argv.get(0)).getFileName().toString();
        if (!program.equals("java")) {
            return argv;
        }
        List<String> shown = new ArrayList<>(List.of("java"));
        int i = 1;
        for (; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals("-jar")) {
                shown.add(arg);
                if (i + 1 < argv.size()) {
                    shown.add(Path.of(argv.get(++i)).getFileName().toString());
                }
                i++;
                break;
            }
            if (WITH_VALUE.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                String main = arg.substring(arg.lastIndexOf('.') + 1);
                shown.add(main);
                i++;
                break;
            }
        }
        shown.addAll(argv.subList(Math.min(i, argv.size()), argv.size()));
        return shown;
    }
}
