package io.lockbench.harness.cli;

import io.lockbench.harness.run.ScratchDirectories;
import io.lockbench.store.config.InvalidConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Claims a directory a command writes into, so that no command changes or deletes a byte it did not
 * create: a new or empty directory is taken; one holding an earlier output of the same kind (marked with
 * {@value #MARKER}, or holding that kind's main file from before the mark existed) is replaced only with
 * {@code --force}; anything else is refused. The marker says which command wrote the directory.
 */
final class OutputDirectory {

    /** The file that marks a directory as a lockbench command's output. */
    static final String MARKER = ".lockbench-output";

    private OutputDirectory() {}

    /**
     * Makes {@code dir} ready for a new output of {@code kind} (its main file {@code mainFile}), or throws
     * an {@link InvalidConfigException} for {@code option} saying why not and what to do. Returns whether
     * the directory was made here (for {@link #abandon}).
     */
    static boolean claim(String option, Path dir, String kind, String mainFile, boolean force) {
        boolean created = !Files.exists(dir);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidConfigException(option, dir + " is a file; give a directory");
        }
        try {
            if (Files.isDirectory(dir) && !isEmpty(dir)) {
                boolean earlier = Files.isRegularFile(dir.resolve(MARKER))
                        ? Files.readString(dir.resolve(MARKER), StandardCharsets.UTF_8)
                                .strip()
                                .equals(kind)
                        : Files.isRegularFile(dir.resolve(mainFile));
                if (!earlier) {
                    throw new InvalidConfigException(
                            option,
                            dir + " holds files that are not an earlier " + kind + "'s output; lockbench writes only"
                                    + " into a new or empty directory (give another one)");
                }
                if (!force) {
                    throw new InvalidConfigException(
                            option,
                            dir + " holds an earlier " + kind + "'s output; give another directory, or --force to"
                                    + " replace it");
                }
                ScratchDirectories.delete(dir);
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), kind + "\n", StandardCharsets.UTF_8);
            return created;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new InvalidConfigException(
                    option,
                    "cannot write to " + dir + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    /**
     * Gives up a claimed directory whose command wrote nothing worth keeping (it could not start): what
     * is in it is this command's, and the directory goes too when {@code created} says it was made for it.
     */
    static void abandon(Path dir, boolean created) {
        try {
            ScratchDirectories.delete(dir);
            if (!created) {
                Files.createDirectories(dir); // it was there, empty or an earlier output given up with --force
            }
        } catch (IOException e) {
            // an empty output directory left behind is not worth a second error
        }
    }

    /**
     * The first of {@code base}, {@code base-2}, {@code base-3}, … under {@code parent} that does not exist:
     * a default name (a time to the second) never lands on an earlier output.
     */
    static String freshName(Path parent, String base) {
        String name = base;
        for (int n = 2; Files.exists(parent.resolve(name)); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }
}
