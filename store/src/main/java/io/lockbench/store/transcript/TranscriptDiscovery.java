package io.lockbench.store.transcript;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * Finds the transcript files under an import root, by one rule for links: the root itself may be a
 * link (a {@code ~/.claude} kept in a dotfiles repository is common) and is resolved first; inside it,
 * a link to a file or directory is followed when its target lies inside the root, and skipped and
 * reported when it points outside, unless {@code followLinks}, which follows every link. Directory
 * loops are detected and reported. Only regular files are ever read: a device, pipe or socket named
 * like a transcript is reported and skipped. A subtree that cannot be read is reported, and the walk
 * goes on.
 */
public final class TranscriptDiscovery {

    /** The files to import, in the order an import reads them, and what was skipped on the way. */
    public record Found(Path root, List<TranscriptFile> files, List<LineProblem> skipped) {}

    private TranscriptDiscovery() {}

    public static Found find(Path root, boolean followLinks) throws IOException {
        if (!Files.exists(root)) {
            throw new InvalidInputException("transcript directory " + root + " does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException(root + " is not a directory: pass the projects directory that holds"
                    + " <project-dir>/<session-id>.jsonl files (for Claude Code, ~/.claude/projects)");
        }
        if (!Files.isReadable(root)) {
            throw new InvalidInputException("transcript directory " + root + " is not readable");
        }
        Path real = root.toRealPath();
        List<TranscriptFile> files = new ArrayList<>();
        List<LineProblem> skipped = new ArrayList<>();
        Files.walkFileTree(
                real, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (!dir.equals(real) && !followLinks && leavesRoot(dir, real)) {
                            skipped.add(new LineProblem(
                                    dir,
                                    0,
                                    "a link to a directory outside " + real + "; not followed"
                                            + " (import with --follow-links to follow it)"));
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (!file.getFileName().toString().endsWith(".jsonl")) {
                            return FileVisitResult.CONTINUE;
                        }
                        if (!attrs.isRegularFile()) {
                            skipped.add(new LineProblem(
                                    file, 0, "not a regular file (a device, pipe, socket or dangling link); not read"));
                            return FileVisitResult.CONTINUE;
                        }
                        if (!followLinks && leavesRoot(file, real)) {
                            skipped.add(new LineProblem(
                                    file,
                                    0,
                                    "a link to a file outside " + real + "; not read"
                                            + " (import with --follow-links to read it)"));
                            return FileVisitResult.CONTINUE;
                        }
                        TranscriptFile.classify(real, file).ifPresent(files::add);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        skipped.add(new LineProblem(file, 0, reason(e)));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                        if (e != null) {
                            // The listing broke off midway (/proc entries vanish, permissions change): keep what was
                            // found.
                            skipped.add(new LineProblem(dir, 0, reason(e)));
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        files.sort(Comparator.comparing(TranscriptFile::path));
        return new Found(real, List.copyOf(files), List.copyOf(skipped));
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemLoopException
                ? "a directory link that loops back; not followed"
                : e instanceof AccessDeniedException
                        ? "permission denied; skipped"
                        : "cannot be read (" + e.getClass().getSimpleName() + "); skipped";
    }

    /** A link whose target is outside the root (paths reached through links are compared by their real path). */
    private static boolean leavesRoot(Path path, Path realRoot) {
        if (!Files.isSymbolicLink(path)) {
            return false;
        }
        try {
            return !path.toRealPath().startsWith(realRoot);
        } catch (IOException e) {
            return true;
        }
    }
}
