package io.lockbench.harness.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Parses Prometheus text exposition with the reference Python client's parser
 * ({@code prometheus_client.parser}, Debian's {@code python3-prometheus-client}), so the output is
 * checked by a real consumer rather than by string matching. Returns, per metric family, its type and
 * the label sets of its samples. In CI ({@code CI=true}) a missing parser fails the test; elsewhere it
 * is skipped with a line saying how to install it.
 */
final class PrometheusParser {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final String SCRIPT = String.join(
            "\n",
            "import json, sys",
            "from prometheus_client.parser import text_string_to_metric_families",
            "out = {}",
            "for f in text_string_to_metric_families(sys.stdin.read()):",
            "    out[f.name] = {'type': f.type, 'labels': sorted({json.dumps(s.labels, sort_keys=True) for s in f.samples})}",
            "print(json.dumps(out))");

    private PrometheusParser() {}

    static JsonNode parse(String exposition) throws IOException, InterruptedException {
        boolean available = Files.isExecutable(PYTHON)
                && new ProcessBuilder(PYTHON.toString(), "-c", "import prometheus_client.parser")
                                .start()
                                .waitFor()
                        == 0;
        if (!available) {
            assertThat(System.getenv("CI"))
                    .as("CI must have the Prometheus parser (.ci/run installs it)")
                    .isNotEqualTo("true");
            Assumptions.abort("the Prometheus text parser is missing: apt-get install python3-prometheus-client");
        }
        Process python = new ProcessBuilder(PYTHON.toString(), "-c", SCRIPT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (OutputStream in = python.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as("the parser rejected the exposition").isZero();
        return new ObjectMapper().readTree(out);
    }
}
