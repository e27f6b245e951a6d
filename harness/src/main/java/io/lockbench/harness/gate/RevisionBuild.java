package io.lockbench.harness.gate;

import io.lockbench.harness.run.ScratchDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipException;

/**
 * The lockbench jar of a git revision, built once and cached by commit id: the revision is checked
 * out into a temporary working tree (the one being gated is never touched) and packaged with its own
 * Maven wrapper, offline first so that a warm local repository needs no network.
 *
 * <p>The temporary tree is a {@code git clone --shared} (it borrows the repository's objects, so it
 * costs only the checkout) rather than a {@code git worktree}: the build records its commit with
 * git-commit-id-maven-plugin, which inside a linked worktree reads the main worktree's HEAD and would
 * label the baseline with the candidate's commit. The built jar's recorded commit is checked.
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
        // A lookup leaves nothing behind: no cache directory, no build log, for a revision that may not exist.
        List<String> inside =
                run(repository, List.of("git", "-C", repository.toString(), "rev-parse", "--git-dir"), 5, false);
        if (inside == null || inside.isEmpty()) {
            throw new GateException("--baseline-ref " + revision + ": " + repository
                    + " is not in a git repository; run the gate from the repository's checkout, or give the"
                    + " baseline as --baseline-jar");
        }
        List<String> out = run(
                repository,
                List.of("git", "-C", repository.toString(), "rev-parse", "--verify", "--quiet", revision + "^{commit}"),
                5,
                false);
        if (out == null || out.isEmpty()) {
            throw new GateException("--baseline-ref " + revision + " names no commit in " + repository
                    + " (a shallow clone may not have it: fetch more history)");
        }
        return out.get(0).strip();
    }

    /** The jar of {@code commit}, from the cache or built now. */
    public Path jar(String commit, PrintWriter progress) throws IOException, InterruptedException {
        Path jar = cache.resolve(commit).resolve("lockbench.jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Files.createDirectories(cache);
        Path tree = cache.resolve(commit + "-src");
        checkout(commit, tree);
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
            String recorded = recordedCommit(built);
            if (recorded != null && !recorded.equals(commit)) {
                throw new GateException(
                        "the build of " + commit + " says it was built from " + recorded + "; see " + log);
            }
            Files.createDirectories(jar.getParent());
            Files.copy(built, jar, StandardCopyOption.REPLACE_EXISTING);
            return jar;
        } finally {
            ScratchDirectories.delete(tree);
        }
    }

    /** A temporary checkout of {@code commit} at {@code tree} (emptied first), sharing the repository's objects. */
    public void checkout(String commit, Path tree) throws IOException, InterruptedException {
        ScratchDirectories.delete(tree);
        Files.createDirectories(cache);
        if (git(repository, "clone", "--quiet", "--shared", "--no-checkout", repositoryRoot(), tree.toString()) == null
                || git(tree, "checkout", "--quiet", "--detach", commit) == null) {
            throw new GateException("could not check out " + commit + " into " + tree + "; see " + log);
        }
    }

    /**
     * A copy of the repository's working tree at {@code tree} (emptied first): every tracked file as it
     * is on disk, and every untracked file that is not ignored, so uncommitted changes are measured;
     * nothing under {@code skip} (the gate's own output and scratch directories, when they are inside).
     */
    public void copyWorkingTree(Path tree, List<Path> skip) throws IOException, InterruptedException {
        ScratchDirectories.delete(tree);
        String root = repositoryRoot();
        List<String> files = git(repository, "-C", root, "ls-files", "--cached", "--others", "--exclude-standard");
        if (files == null) {
            throw new GateException("could not list the working tree of " + root + "; see " + log);
        }
        Path from = Path.of(root);
        for (String name : files) {
            Path source = from.resolve(name);
            if (skip.stream()
                    .anyMatch(s -> source.toAbsolutePath()
                            .normalize()
                            .startsWith(s.toAbsolutePath().normalize()))) {
                continue;
            }
            if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(source)) {
                continue; // deleted in the working tree, or a submodule
            }
            Path target = tree.resolve(name);
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private String repositoryRoot() throws IOException, InterruptedException {
        List<String> top = git(repository, "rev-parse", "--show-toplevel");
        if (top == null || top.isEmpty()) {
            throw new GateException(repository + " is not inside a git working tree; --baseline-ref needs one");
        }
        return top.get(0).strip();
    }

    /** The commit a lockbench jar says it was built from, or null for builds that predate the record. */
    static String recordedCommit(Path jar) throws IOException {
        Properties git = jarProperties(jar, "io/lockbench/harness/git.properties");
        return git == null ? null : git.getProperty("git.commit.id");
    }

    /** The properties file {@code entry} of a lockbench jar, or null when the jar has none there. */
    static Properties jarProperties(Path jar, String entry) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry found = file.getJarEntry(entry);
            if (found == null) {
                return null;
            }
            Properties properties = new Properties();
            try (InputStream in = file.getInputStream(found)) {
                properties.load(in);
            }
            return properties;
        } catch (ZipException e) {
            throw new GateException(jar + " is not a jar file (" + e.getMessage() + ")");
        }
    }

    private boolean build(Path tree, boolean offline) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("./mvnw", "-B", "-q", "-DskipTests", "package"));
        if (offline) {
            command.add(1, "-o");
        }
        return run(tree, command, BUILD_MINUTES, true) != null;
    }

    private List<String> git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        return run(dir, command, 5, true);
    }

    /**
     * The command's output lines, or null when it failed; when {@code logged}, everything it printed is
     * appended to the build log.
     */
    private List<String> run(Path dir, List<String> command, long minutes, boolean logged)
            throws IOException, InterruptedException {
        if (logged) {
            Files.createDirectories(cache);
        }
        Path output =
                logged ? Files.createTempFile(cache, "command", ".out") : Files.createTempFile("lockbench-git", ".out");
        try {
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            boolean done = p.waitFor(minutes, TimeUnit.MINUTES);
            if (!done) {
                p.destroyForcibly();
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            if (!logged) {
                return done && p.exitValue() == 0 ? lines : null;
            }
            Files.writeString(
                    log,
                    "$ " + String.join(" ", command) + "\n" + String.join("\n", lines) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return done && p.exitValue() == 0 ? lines : null;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
