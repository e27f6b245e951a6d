package io.lockbench.harness.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names with terminal, HTML and Markdown metacharacters reach every output of real processes escaped. */
@ProcessTest
class OutputEscapingTest {

    private static final String HOSTILE = "-home-\u001b[31m<img src=x onerror=alert(1)>|*x*\u0007";

    @TempDir
    Path dir;

    @Test
    void hostileProjectNamesAreEscapedInTextAndValidInJson() throws Exception {
        Path corpus = new CorpusGenerator(new CorpusSpec(41, 2, 4, 1, 60, Instant.parse("2026-07-01T00:00:00Z"), 1, 0))
                .writeTo(dir.resolve("corpus"))
                .root();
        Path project;
        try (Stream<Path> dirs = Files.list(corpus)) {
            project = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        Files.move(project, corpus.resolve(HOSTILE));
        String db = dir.resolve("store.db").toString();
        Path logs = dir.resolve("logs");
        LockbenchProcess imported = LockbenchProcess.start(logs, "import", corpus.toString(), "--db", db);
        assertThat(imported.await(60)).as(imported.output()).isZero();

        LockbenchProcess table = LockbenchProcess.start(logs, "sessions", "--db", db);
        assertThat(table.await(60)).isZero();
        byte[] text = Files.readAllBytes(table.output);
        assertThat(new String(text, StandardCharsets.UTF_8)).contains("\\x1b[31m<img src=x");
        for (byte b : text) {
            assertThat(b).as("raw control byte in terminal output").isNotIn((byte) 0x1b, (byte) 0x07);
        }

        LockbenchProcess json = LockbenchProcess.start(logs, "sessions", "--db", db, "--json");
        assertThat(json.await(60)).isZero();
        JsonNode sessions = new ObjectMapper().readTree(json.output());
        assertThat(sessions.findValuesAsText("projectDir")).contains(HOSTILE);
    }

    @Test
    void scenarioTextIsInertInTheMarkdownReport() throws Exception {
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, """
                description: "<script>alert(1)</script> | **bold** \\u001b[2J"
                workloads:
                  - {name: idle, type: noop, operations: 3}
                """);
        LockbenchProcess run = LockbenchProcess.start(
                dir.resolve("logs"),
                "run",
                scenario.toString(),
                "--results",
                dir.resolve("results").toString(),
                "--work",
                dir.resolve("work").toString(),
                "--run-id",
                "escaped");
        assertThat(run.await(60)).as(run.output()).isZero();
        String report = Files.readString(dir.resolve("results/escaped/report.md"));
        assertThat(report)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*\\*bold\\*\\*")
                .doesNotContain("<script>")
                .doesNotContain("\u001b");
        assertThat(List.of(report.split("\n"))).noneMatch(line -> line.startsWith("<"));
    }
}
