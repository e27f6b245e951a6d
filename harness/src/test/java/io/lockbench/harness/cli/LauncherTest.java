package io.lockbench.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code lockbench} launcher script, run for real with a stand-in {@code java} that prints the
 * arguments it was given: which commands get a bounded heap, and that the user's own options win.
 */
@ProcessTest
class LauncherTest {

    @TempDir
    Path dir;

    private Path launcher;
    private Path bin;

    @BeforeEach
    void aBuiltCheckoutWithAStandInJava() throws IOException {
        Path checkout = Files.createDirectories(dir.resolve("checkout"));
        launcher = checkout.resolve("lockbench");
        Path script = Path.of("../lockbench");
        if (!Files.exists(script)) {
            script = Path.of("lockbench");
        }
        Files.copy(script, launcher);
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        for (String source : List.of("store/src/main", "harness/src/main")) {
            Files.setLastModifiedTime(Files.createDirectories(checkout.resolve(source)), old);
        }
        for (String pom : List.of("pom.xml", "store/pom.xml", "harness/pom.xml")) {
            Files.setLastModifiedTime(Files.writeString(checkout.resolve(pom), "<project/>"), old);
        }
        Path target = Files.createDirectories(checkout.resolve("harness/target"));
        Files.writeString(target.resolve("lockbench.jar"), "");
        Files.writeString(target.resolve(".lockbench-built"), "");
        bin = Files.createDirectories(dir.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> javaArguments(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().remove("LOCKBENCH_JAVA_OPTS");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<String> lines = output.lines().toList();
        return lines.subList(0, lines.indexOf("-jar"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "report, true",
        "sessions, true",
        "timeline, true",
        "diagnose, true",
        "watch, true",
        "run, false",
        "sweep, false",
        "gate, false",
        "serve, false",
        "import, false",
    })
    void commandsThatOnlyReadGetABoundedHeap_andWorkloadsKeepTheDefault(String command, boolean bounded)
            throws Exception {
        List<String> jvm = javaArguments(Map.of(), command, "x");
        if (bounded) {
            assertThat(jvm).contains("-Xmx512m");
        } else {
            assertThat(jvm).noneMatch(option -> option.startsWith("-Xmx"));
        }
    }

    @Test
    void theUsersJavaOptionsComeLastAndWin() throws Exception {
        List<String> jvm = javaArguments(Map.of("LOCKBENCH_JAVA_OPTS", "-Xmx2g"), "report", "x");
        assertThat(jvm).containsSubsequence("-Xmx512m", "-Xmx2g");
        assertThat(jvm.get(jvm.size() - 1)).isEqualTo("-Xmx2g");
    }

    /** A checkout whose sources changed since the last build, with a stand-in Maven that prints and exits. */
    private Process buildFirst(int mavenExit, String... args) throws IOException {
        Path checkout = launcher.getParent();
        Files.delete(checkout.resolve("harness/target/.lockbench-built"));
        Path mvnw = checkout.resolve("mvnw");
        Files.writeString(
                mvnw,
                String.join(
                        "\n",
                        "#!/bin/sh",
                        "echo '[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/a.jar (1 kB at 9 kB/s)'",
                        "echo '[INFO] Building lockbench store 0.1.0-SNAPSHOT                          [2/3]'",
                        "echo '[INFO] --- maven-compiler-plugin:3.13.0:compile (default-compile) @ lockbench-store ---'",
                        "echo '[INFO] Compiling 200 source files'",
                        mavenExit == 0
                                ? ""
                                : "echo '[ERROR] Store.java:[3,1] class, interface, enum, or record expected'",
                        "exit " + mavenExit,
                        ""),
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        return builder.start();
    }

    @Test
    void aBuildSaysWhatItIsDoing_aLineAModuleAndGoal_andKeepsMavensOutput() throws Exception {
        Process process = buildFirst(0, "report", "x");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.lines())
                .containsSubsequence(
                        "lockbench:   downloaded 1 files (plugins and libraries; only the first build)",
                        "lockbench:   lockbench store 0.1.0-SNAPSHOT [2/3]",
                        "lockbench:     compile")
                .doesNotContain("[INFO] Compiling 200 source files");
        assertThat(Files.readString(launcher.getParent().resolve("harness/target/lockbench-build.log")))
                .contains("[INFO] Compiling 200 source files");
        assertThat(launcher.getParent().resolve("harness/target/.lockbench-built"))
                .exists();
    }

    @ParameterizedTest(name = "{0}: exit {1}")
    @CsvSource({"report, 1", "run, 1", "gate, 3"})
    void aFailedBuildRunsNothing_andExitsWithTheCommandsErrorCode(String command, int exit) throws Exception {
        Process process = buildFirst(1, command, "x");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isEqualTo(exit);
        assertThat(output)
                .contains("[ERROR] Store.java:[3,1]", "lockbench: the build failed (exit 1): nothing was run")
                .doesNotContain("-jar");
        assertThat(launcher.getParent().resolve("harness/target/.lockbench-built"))
                .doesNotExist();
    }

    @ParameterizedTest(name = "bench {0}")
    @CsvSource({"jmh", "recording", "server"})
    void theJmhBenchmarks_runFromTheBenchmarksModulesJar(String benchmark) throws Exception {
        Path checkout = launcher.getParent();
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(Files.createDirectories(checkout.resolve("benchmarks/src/main")), old);
        Files.setLastModifiedTime(Files.writeString(checkout.resolve("benchmarks/pom.xml"), "<project/>"), old);
        Path target = Files.createDirectories(checkout.resolve("benchmarks/target"));
        Files.writeString(target.resolve("benchmarks.jar"), "");
        Files.writeString(target.resolve(".lockbench-built"), "");
        ProcessBuilder builder = new ProcessBuilder("bash", launcher.toString(), "bench", benchmark, "--quick")
                .redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = output.lines().toList();
        assertThat(lines.subList(lines.indexOf("-jar"), lines.size()))
                .as(output)
                .containsExactly("-jar", target.resolve("benchmarks.jar").toString(), benchmark, "--quick");
    }
}
