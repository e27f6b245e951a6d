package io.lockbench.harness.run;

import io.lockbench.harness.serve.ApiServer;
import io.lockbench.store.Database;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code lockbench serve} process on the run's database, on a free loopback port, with the
 * scenario's store settings: the server of {@code server: {start: true}}. Its output goes to
 * {@code server.log} in the results directory; it is stopped with SIGTERM, as an operator would.
 */
final class ServerProcess implements AutoCloseable {

    private static final long START_TIMEOUT_S = 60;
    private static final long STOP_TIMEOUT_S = 30;

    private final Process process;
    private final URI url;
    private final Path log;

    private ServerProcess(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    static ServerProcess start(StoreConfig config, Path root, Path resultsDir) throws IOException {
        Files.createDirectories(resultsDir);
        Path log = resultsDir.resolve("server.log");
        // Where the database is: a file as --db, a URL (it may carry a password) through the environment.
        Database.HandOver database = Database.of(config).handOver(Settings.POSTGRESQL_URL_ENV);
        List<String> command = LockbenchJvm.command("serve", "--root", root.toString(), "--port", "0");
        command.addAll(database.arguments());
        for (Map.Entry<String, String> setting : config.toMap().entrySet()) {
            if (!setting.getKey().equals(Settings.PATH.key())
                    && !setting.getKey().equals(Settings.URL.key())) {
                command.add("--set");
                command.add(setting.getKey() + "=" + setting.getValue());
            }
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(database.environment());
        Process process = builder.redirectError(log.toFile()).start();
        CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith(ApiServer.LISTENING)) {
                        // The rest of the output is not needed, but must be read or the server could block on it.
                        Thread drain = new Thread(() -> drain(out), "lockbench-server-output");
                        drain.setDaemon(true);
                        drain.start();
                        return line.substring(ApiServer.LISTENING.length()).split(" ", 2)[0];
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String url;
        try {
            url = listening.get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            url = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            url = null;
        }
        if (url == null) {
            process.destroyForcibly();
            throw new IOException(
                    "lockbench serve did not start within " + START_TIMEOUT_S + " s; its log: " + log + lastLine(log));
        }
        return new ServerProcess(process, URI.create(url), log);
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard
            }
        } catch (IOException e) {
            // the server is gone
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : " (" + lines.get(lines.size() - 1) + ")";
        } catch (IOException e) {
            return "";
        }
    }

    URI url() {
        return url;
    }

    /** SIGTERM, and the graceful shutdown it starts; killed when that takes longer than it may. */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS);
                throw new IOException(
                        "lockbench serve did not stop within " + STOP_TIMEOUT_S + " s of SIGTERM; see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
