package io.lockbench.harness.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch space of runs, gates and benchmarks: databases and corpora that are thrown away afterwards. */
public final class ScratchDirectories {

    private ScratchDirectories() {}

    /** Deletes the directory {@code dir} and everything below it, if there is one; a file that cannot be deleted is left. */
    public static void delete(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Deletes a database file with its WAL and shared-memory files, so the next open starts empty. */
    public static void deleteDatabase(Path db) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
    }
}
