package io.lockbench.harness.results;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Which lockbench produced a result: its version and the git commit it was built from. */
public record BuildInfo(String version, String commit, boolean dirty) {

    /** One line for {@code --version}: version, commit, and whether the tree had uncommitted changes. */
    public String describe() {
        return "lockbench " + version + " (commit " + commit.substring(0, Math.min(12, commit.length()))
                + (dirty ? ", uncommitted changes" : "") + ")";
    }

    private static final BuildInfo CURRENT = load();

    public static BuildInfo current() {
        return CURRENT;
    }

    private static BuildInfo load() {
        Properties git = new Properties();
        // Written by the build (git-commit-id-maven-plugin); absent when built outside a git checkout.
        try (InputStream in = BuildInfo.class.getResourceAsStream("/io/lockbench/harness/git.properties")) {
            if (in != null) {
                git.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String version = BuildInfo.class.getPackage().getImplementationVersion();
        if (version == null) {
            version = git.getProperty("git.build.version"); // the project's version, as the build saw it
        }
        return new BuildInfo(
                version == null ? "development build" : version,
                git.getProperty("git.commit.id", "unknown"),
                Boolean.parseBoolean(git.getProperty("git.dirty", "false")));
    }
}
