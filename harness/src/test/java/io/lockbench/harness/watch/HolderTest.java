package io.lockbench.harness.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HolderTest {

    @Test
    void javaCommandLinesAreShownByMainClassAndArgumentsNotByClassPath() {
        assertThat(Holder.readable(List.of(
                        "/usr/lib/jvm/java-17/bin/java",
                        "-Xmx1g",
                        "-cp",
                        "/a.jar:/b.jar",
                        "io.lockbench.harness.cli.LockbenchCommand",
                        "worker",
                        "--workload",
                        "import")))
                .containsExactly("java", "LockbenchCommand", "worker", "--workload", "import");
        assertThat(Holder.readable(List.of("java", "-jar", "/opt/app/app.jar", "serve")))
                .containsExactly("java", "-jar", "app.jar", "serve");
        assertThat(Holder.readable(List.of("/usr/bin/python3", "app.py")))
                .containsExactly("/usr/bin/python3", "app.py");
    }
}
