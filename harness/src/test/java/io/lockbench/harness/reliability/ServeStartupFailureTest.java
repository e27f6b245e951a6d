package io.lockbench.harness.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} that cannot listen says why in one line, naming the option to change. */
@ProcessTest
class ServeStartupFailureTest {

    @TempDir
    Path dir;

    @Test
    void aPortInUse_isOneLineNamingThePort() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LockbenchProcess serve = LockbenchProcess.start(
                    dir.resolve("logs"),
                    "serve",
                    "--db",
                    dir.resolve("a.db").toString(),
                    "--root",
                    root.toString(),
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(taken.getLocalPort()));
            assertThat(serve.await(60)).as(serve.output()).isEqualTo(2);
            assertThat(serve.output().lines()).as(serve.output()).hasSize(1);
            assertThat(serve.output()).contains("port", "in use").doesNotContain("Javalin", "[ERROR]");
        }
    }

    @Test
    void anUnresolvableOrForeignBindAddress_isOneLineNamingBind() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        for (String bind : new String[] {"no-such-host.invalid", "192.0.2.1"}) {
            LockbenchProcess serve = LockbenchProcess.start(
                    dir.resolve("logs"),
                    "serve",
                    "--db",
                    dir.resolve("b.db").toString(),
                    "--root",
                    root.toString(),
                    "--bind",
                    bind,
                    "--port",
                    "0");
            assertThat(serve.await(60)).as(serve.output()).isEqualTo(2);
            String said = serve.output();
            assertThat(said.lines()).as(said).hasSize(1);
            assertThat(said).contains("bind", bind).doesNotContain("null", "Javalin", "--port");
        }
    }
}
