package io.lockbench.harness.record;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The {@code LD_PRELOAD} library that logs every lock event from inside a recorded program's processes
 * ({@code lockbench_events.c}, shipped as source; its log format is {@link LockEvents}'): compiled with the system's C compiler on first use into a cache directory named by the
 * source's hash, so a new lockbench with a changed source never loads an old build.
 */
public final class EventsLibrary {

    private static final String SOURCE = "lockbench_events.c";

    /** The library, or why there is none (one line, for the user). */
    public record Build(Optional<Path> library, String problem) {
        static Build of(Path library) {
            return new Build(Optional.of(library), null);
        }

        static Build none(String problem) {
            return new Build(Optional.empty(), problem);
        }
    }

    private EventsLibrary() {}

    /** Builds the library into {@code cacheDir} unless a build of this source is already there. */
    public static Build build(Path cacheDir) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Build.none(
                    "lock events are read with LD_PRELOAD on Linux only; this is " + System.getProperty("os.name"));
        }
        byte[] source;
        try (InputStream in = EventsLibrary.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                return Build.none("the interposer's source is missing from this lockbench build");
            }
            source = in.readAllBytes();
        } catch (IOException e) {
            return Build.none("cannot read the interposer's source: " + e.getMessage());
        }
        String hash = sha256(source).substring(0, 16);
        Path dir = cacheDir.resolve("events-" + hash);
        Path library = dir.resolve("liblockbench_events.so");
        if (Files.isRegularFile(library)) {
            return Build.of(library);
        }
        Optional<String> compiler = compiler();
        if (compiler.isEmpty()) {
            return Build.none("no C compiler (cc, gcc or clang) on the PATH to build the lock-event library");
        }
        try {
            Files.createDirectories(dir);
            Path src = dir.resolve(SOURCE);
            Files.write(src, source);
            // Built beside its final name and moved into place, so two records starting at once never
            // load a half-written library.
            Path partial = Files.createTempFile(dir, "liblockbench_events", ".so.partial");
            Path log = dir.resolve("build.log");
            Process cc = new ProcessBuilder(List.of(
                            compiler.get(),
                            "-shared",
                            "-fPIC",
                            "-O2",
                            "-o",
                            partial.toString(),
                            src.toString(),
                            "-ldl",
                            "-lpthread"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!cc.waitFor(2, TimeUnit.MINUTES)) {
                cc.destroyForcibly();
                return Build.none(compiler.get() + " did not finish building the lock-event library in 2 minutes");
            }
            if (cc.exitValue() != 0) {
                String first = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                        .filter(l -> l.contains("error"))
                        .findFirst()
                        .orElse("exit " + cc.exitValue());
                Files.deleteIfExists(partial);
                return Build.none(compiler.get() + " could not build the lock-event library: " + first);
            }
            Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Build.of(library);
        } catch (IOException e) {
            return Build.none("cannot build the lock-event library in " + dir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Build.none("interrupted while building the lock-event library");
        }
    }

    /** The default cache: {@code $XDG_CACHE_HOME/lockbench}, else {@code ~/.cache/lockbench}. */
    public static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "lockbench");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "lockbench");
    }

    static Optional<String> compiler() {
        String cc = System.getenv("CC");
        if (cc != null && !cc.isBlank() && onPath(cc)) {
            return Optional.of(cc);
        }
        for (String name : List.of("cc", "gcc", "clang")) {
            if (onPath(name)) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    private static boolean onPath(String name) {
        if (name.contains("/")) {
            return Files.isExecutable(Path.of(name));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator, -1)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return true;
            }
        }
        return false;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
