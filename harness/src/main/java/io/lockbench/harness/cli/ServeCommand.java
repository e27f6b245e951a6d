package io.lockbench.harness.cli;

import io.lockbench.harness.scenario.Durations;
import io.lockbench.harness.serve.ApiServer;
import io.lockbench.harness.serve.ServerMetrics;
import io.lockbench.harness.serve.ServerSettings;
import io.lockbench.store.Database;
import io.lockbench.store.SessionStore;
import io.lockbench.store.config.InvalidConfigException;
import io.lockbench.store.config.StoreConfig;
import io.lockbench.store.wal.WalFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the session store over HTTP: session lists, timelines and activity as JSON (each response one"
                    + " read snapshot), imports of ROOT on request (POST /api/imports) or every --import-every,"
                    + " /healthz and Prometheus /metrics. Stops gracefully on SIGTERM or Ctrl-C.",
            "Prints 'listening on URL' once the port is bound (with --port 0, the port it got)."
        })
final class ServeCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(
            names = "--root",
            paramLabel = "DIR",
            defaultValue = "data/corpus",
            description = "Transcript projects directory that imports read (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = ServerSettings.DEFAULT_BIND,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, loopback only).")
    String bind;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "8080",
            description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--import-every",
            paramLabel = "DURATION",
            defaultValue = "0",
            converter = DurationConverter.class,
            description = "Import ROOT in the background this often, e.g. 30s (default: 0, only on POST /api/imports).")
    Duration importEvery;

    @Option(
            names = "--grace",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "On shutdown, how long requests in flight and a running import's transaction may take"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Override
    public Integer call() throws Exception {
        ServerSettings settings = new ServerSettings(bind, port, root, importEvery, grace);
        StoreConfig config = store.config();
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        // Opened before the store and closed after it: closing a descriptor of the -shm file would drop
        // this process's SQLite locks on it (see WalFiles). A server store has no WAL files to read.
        Database backend = Database.of(config);
        WalFiles wal = backend.openWalFiles().orElse(null);
        SessionStore opened;
        try {
            opened = store.open(config);
        } catch (RuntimeException | IOException e) {
            closeQuietly(wal);
            throw e;
        }
        ApiServer server;
        try {
            ServerMetrics metrics = new ServerMetrics(wal);
            metrics.lockWaitSampling(opened);
            server = ApiServer.start(opened, settings, metrics);
        } catch (RuntimeException e) {
            opened.close();
            closeQuietly(wal);
            throw listenFailure(e);
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.close();
                            } finally {
                                opened.close();
                                closeQuietly(wal);
                                stopped.countDown();
                            }
                        },
                        "lockbench-serve-shutdown"));
        out.println(ApiServer.LISTENING + server.url() + " (database "
                + backend.location() + ", imports from " + root
                + (settings.importEvery().isZero() ? "" : " every " + Durations.format(settings.importEvery())) + ")");
        out.flush();
        stopped.await();
        return LockbenchCommand.OK;
    }

    private static void closeQuietly(WalFiles wal) {
        if (wal != null) {
            wal.close();
        }
    }

    /** Names the option to blame: the address (--bind) or the port (--port). */
    private InvalidConfigException listenFailure(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage());
        if (root instanceof UnresolvedAddressException || root instanceof UnknownHostException) {
            return new InvalidConfigException(
                    "bind",
                    "cannot resolve '" + bind + "' to an address; give a host name"
                            + " or an IP address of this machine (127.0.0.1 for this machine only, 0.0.0.0 for all)");
        }
        if (root instanceof BindException && message.contains("in use")) {
            return new InvalidConfigException(
                    "port",
                    "port " + port + " is already in use on " + bind
                            + "; stop the other server or pick another --port (0 takes any free one)");
        }
        if (root instanceof BindException && message.contains("assign")) {
            return new InvalidConfigException(
                    "bind",
                    "'" + bind + "' is not an address of this machine (" + message
                            + "); give one of its addresses, 127.0.0.1 or 0.0.0.0");
        }
        if (root instanceof SocketException && message.contains("ermission")) {
            return new InvalidConfigException(
                    "port",
                    "port " + port + " needs privileges on this system (" + message
                            + "); pick a port above 1023, or 0 for any free one");
        }
        return new InvalidConfigException("bind", "cannot listen on " + bind + ":" + port + " (" + message + ")");
    }
}
