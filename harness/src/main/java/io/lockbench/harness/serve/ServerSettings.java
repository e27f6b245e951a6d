package io.lockbench.harness.serve;

import io.lockbench.store.config.InvalidConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code lockbench serve} listens and imports, validated once.
 *
 * @param bind        address to listen on; loopback unless the user asks for more
 * @param port        TCP port; 0 picks a free one (the server prints the one it got)
 * @param root        the transcript tree that {@code POST /api/imports} and the periodic importer read
 * @param importEvery period of the background import; {@link Duration#ZERO} turns it off
 * @param grace       how long shutdown waits for requests in flight and for a running import's
 *                    current transaction
 */
public record ServerSettings(String bind, int port, Path root, Duration importEvery, Duration grace) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    public ServerSettings {
        if (bind == null || bind.isBlank()) {
            throw new InvalidConfigException("bind", "an address to listen on is required, e.g. 127.0.0.1");
        }
        if (port < 0 || port > 65_535) {
            throw new InvalidConfigException("port", "must be between 0 (any free port) and 65535 but was " + port);
        }
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(importEvery, "importEvery");
        Objects.requireNonNull(grace, "grace");
        if (importEvery.isNegative() || (!importEvery.isZero() && importEvery.toMillis() < 100)) {
            throw new InvalidConfigException(
                    "import-every", "must be 0 (off) or at least 100ms but was " + importEvery.toMillis() + "ms");
        }
        if (grace.isNegative()) {
            throw new InvalidConfigException("grace", "must not be negative");
        }
    }

    public static ServerSettings loopback(int port, Path root) {
        return new ServerSettings(DEFAULT_BIND, port, root, Duration.ZERO, DEFAULT_GRACE);
    }

    public ServerSettings withImportEvery(Duration value) {
        return new ServerSettings(bind, port, root, value, grace);
    }

    public ServerSettings withGrace(Duration value) {
        return new ServerSettings(bind, port, root, importEvery, value);
    }
}
