package io.lockbench.harness.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The lockbench jar of a git revision, built once and cached by commit id: the revision is checked
 * out into a temporary {@code git worktree} (the working tree being gated is never touched) and
 * packaged with its own Maven wrapper, offline first so that a warm local repository needs no network.
 */
public final class RevisionBuild {

    private static final long BUILD_MINUTES = 20;

    private final Path repository;
    private final Path cache;
    private final Path log;

    /**
     * @param repository a directory inside the git repository to build from
     * @param cache      where built jars are kept, one directory per commit
     */
    public RevisionBuild(Path repository, Path cache) {
        this.repository = repository;
        this.cache = cache;
        this.log = cache.resolve("build.log");
    }

    /** The commit id {@code revision} names in the repository. */
    public String resolve(String revision) throws IOException, InterruptedException {
        if (revision.startsWith("-")) {
            throw new GateException("--baseline-ref " + revision + " is not a git revision");
        }
        List<String> out = git(repository, "rev-parse", "--verify", "--quiet", revision + "^{commit}");
        if (out == null || out.isEmpty()) {
            throw new GateException("--baseline-ref " + revision + " names no commit in " + repository
                    + " (a shallow clone may not have it: fetch more history)");
        }
        return out.get(0).strip();
    }

    /** The jar of {@code commit}, from the cache or built now. */
    public Path jar(String commit, java.io.PrintStream progress) throws IOException, InterruptedException {
        Path jar = cache.resolve(commit).resolve("lockbench.jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Files.createDirectories(cache);
        Path tree = cache.resolve(commit + "-src");
        deleteWorktree(tree);
        if (git(repository, "worktree", "add", "--detach", tree.toString(), commit) == null) {
            throw new GateException("could not check out " + commit + " with git worktree; see " + log);
        }
        try {
            if (progress != null) {
                progress.println("building lockbench at " + commit.substring(0, 12) + " (cached in " + cache + ")");
            }
            if (!build(tree, true) && !build(tree, false)) {
                throw new GateException("the build of " + commit + " failed; see " + log);
            }
            Path built = tree.resolve("harness/target/lockbench.jar");
            if (!Files.isRegularFile(built)) {
                throw new GateException("the build of " + commit + " made no harness/target/lockbench.jar; see " + log);
            }
            Files.createDirectories(jar.getParent());
            Files.copy(built, jar, StandardCopyOption.REPLACE_EXISTING);
            return jar;
        } finally {
            deleteWorktree(tree);
        }
    }

    private boolean build(Path tree, boolean offline) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("./mvnw", "-B", "-q", "-DskipTests", "package"));
        if (offline) {
            command.add(1, "-o");
        }
        return run(tree, command, BUILD_MINUTES) != null;
    }

    private void deleteWorktree(Path tree) throws IOException, InterruptedException {
        if (Files.exists(tree)) {
            git(repository, "worktree", "remove", "--force", tree.toString());
        }
        git(repository, "worktree", "prune");
    }

    private List<String> git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        return run(dir, command, 5);
    }

    /** The command's output lines, or null when it failed; everything it printed is appended to the build log. */
    private List<String> run(Path dir, List<String> command, long minutes) throws IOException, InterruptedException {
        Files.createDirectories(cache);
        Path output = Files.createTempFile(cache, "command", ".out");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            boolean done = p.waitFor(minutes, TimeUnit.MINUTES);
            if (!done) {
                p.destroyForcibly();
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            Files.writeString(log, "$ " + String.join(" ", command) + "\n" + String.join("\n", lines) + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            return done && p.exitValue() == 0 ? lines : null;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
