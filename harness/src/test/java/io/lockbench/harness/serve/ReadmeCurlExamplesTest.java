package io.lockbench.harness.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.importer.ImportOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curl examples of docs/http-api.md, exactly as written, against a live server (when curl is installed). */
@ProcessTest
class ReadmeCurlExamplesTest {

    private static final Path README = Path.of("..", "docs", "http-api.md");
    private static final String INTRO = "With the server from the command above";
    private static final String README_URL = "http://127.0.0.1:8080";

    @TempDir
    Path dir;

    static String examples() throws Exception {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int at = 0;
        while (at < lines.size() && !lines.get(at).startsWith(INTRO)) {
            at++;
        }
        assertThat(at).as("the README introduces its curl examples").isLessThan(lines.size());
        while (!lines.get(at).equals("```bash")) {
            at++;
        }
        StringBuilder script = new StringBuilder();
        for (at++; !lines.get(at).equals("```"); at++) {
            script.append(lines.get(at)).append('\n');
        }
        return script.toString();
    }

    @Test
    void everyCurlExampleInTheReadmeRunsAgainstALiveServer() throws Exception {
        boolean curl = new ProcessBuilder("sh", "-c", "command -v curl").start().waitFor() == 0;
        if (!curl) {
            assertThat(System.getenv("CI")).as("CI has curl").isNotEqualTo("true");
            Assumptions.abort("curl is not installed");
        }
        String script = examples();
        assertThat(script).contains(README_URL + "/api/sessions", README_URL + "/metrics");
        Path corpus = new CorpusGenerator(CorpusSpec.small(5))
                .writeTo(dir.resolve("corpus"))
                .root();
        try (SessionStore store = SessionStore.open(TestStores.config(dir))) {
            store.importer().importAll(corpus, ImportOptions.defaults());
            try (ApiServer server =
                    ApiServer.start(store, ServerSettings.loopback(0, corpus), new ServerMetrics(null))) {
                Process bash = new ProcessBuilder(
                                "bash", "-e", "-o", "pipefail", "-c", script.replace(README_URL, server.url()))
                        .redirectErrorStream(true)
                        .start();
                String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(bash.exitValue()).as(out).isZero();
                assertThat(out)
                        .contains("{\"status\":\"ok\"}")
                        .contains("\"totalSessions\":")
                        .contains("\"points\":")
                        .contains("\"state\":")
                        .contains("\"status\":400")
                        .contains("lockbench_http_requests_seconds_bucket");
            }
        }
    }
}
