package io.lockbench.harness.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What libraries say never reaches the terminal unless {@code --debug}: a driver's java.util.logging
 * warning and picocli's own warnings are not printed before lockbench's one line. Real processes,
 * since logging goes to the process's standard error.
 */
@ProcessTest
class OutputHygieneTest {

    @TempDir
    Path dir;

    private String oneLineFrom(int expectedExit, String... args) throws Exception {
        LockbenchProcess process = LockbenchProcess.start(dir.resolve("logs"), args);
        int exit = process.await(120);
        String output = process.output();
        assertThat(exit).as(output).isEqualTo(expectedExit);
        assertThat(output.lines()).as(output).hasSize(1);
        assertThat(output)
                .doesNotContain("WARNING")
                .doesNotContain("SEVERE")
                .doesNotContain("[picocli")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        return output;
    }

    @Test
    void aPostgresqlUrlWithAnImpossiblePort_givesLockbenchsLineAlone() throws Exception {
        String line = oneLineFrom(
                2, "sessions", "--set", "backend=postgresql", "--set", "url=jdbc:postgresql://127.0.0.1:99999/test");
        assertThat(line).contains("url").contains("99999");
    }

    @Test
    void anOptionValueWithAnOddQuote_givesNoPicocliWarnings() throws Exception {
        oneLineFrom(2, "sessions", "--db", dir.resolve("x.db").toString(), "--set", "busy_timeout_ms=5'");
    }
}
