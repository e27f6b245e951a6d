package io.lockbench.harness.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL driver is an optional dependency of the store: a real lockbench process whose class
 * path lacks it imports and reads a SQLite store as usual, and asking for PostgreSQL gets one line
 * saying what is missing.
 */
@ProcessTest
class WithoutPostgresDriverTest {

    @TempDir
    Path dir;

    private record Result(int exit, String output) {}

    private Result lockbench(String... args) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.replace('\\', '/').contains("/org/postgresql/"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath).isNotEqualTo(System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                classPath,
                "io.lockbench.harness.cli.LockbenchCommand"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void sqliteWorksWithoutTheDriver_andPostgresqlSaysItIsMissing() throws Exception {
        Path corpus = new CorpusGenerator(CorpusSpec.small(2))
                .writeTo(dir.resolve("corpus"))
                .root();
        Path db = dir.resolve("store.db");

        Result imported = lockbench("import", corpus.toString(), "--db", db.toString());
        assertThat(imported.exit()).as(imported.output()).isZero();
        Result sessions = lockbench("sessions", "--db", db.toString());
        assertThat(sessions.exit()).as(sessions.output()).isZero();
        assertThat(sessions.output()).containsPattern("sessions 1-[1-9][0-9]* of [1-9]");

        Result postgresql = lockbench("sessions", "--set", "backend=postgresql");
        assertThat(postgresql.exit()).as(postgresql.output()).isEqualTo(1);
        assertThat(postgresql.output().lines()).hasSize(1);
        assertThat(postgresql.output())
                .contains("needs PostgreSQL's JDBC driver")
                .doesNotContain("NoClassDefFoundError");
    }
}
