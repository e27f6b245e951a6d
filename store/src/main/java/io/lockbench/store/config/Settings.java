package io.lockbench.store.config;

import io.lockbench.store.config.Setting.Scope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.postgresql.Driver;

/**
 * The store's settings table: every key a configuration may hold, with its backend, type, default,
 * range, unit and meaning. This is the one place a setting is described; {@link StoreConfig}
 * validates with it, the CLI's {@code --set} help and the tables of docs/configuration.md are written from it, and
 * the backends read the values back from the database with it.
 *
 * <p>The defaults are the tuned configuration from the post-mortems: WAL, {@code synchronous=NORMAL},
 * foreign keys on, a 10 s busy timeout, IMMEDIATE write transactions, a single writer beside a
 * read-only reader pool, batches of 100 records, imports that stand aside for other processes, and
 * snapshot reads.
 */
public final class Settings {

    private Settings() {}

    /** The server a PostgreSQL store uses when neither {@code url} nor {@code LOCKBENCH_PG_URL} names one. */
    public static final String DEFAULT_POSTGRESQL_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    /** The environment variable naming the PostgreSQL server when {@code url} does not. */
    public static final String POSTGRESQL_URL_ENV = "LOCKBENCH_PG_URL";

    private static final int HOUR_MS = 3_600_000;

    // Both backends.

    public static final Setting<Backend> BACKEND =
            Setting.choice("backend", Scope.BOTH, Backend.class, Backend.SQLITE, "where the store lives");
    public static final Setting<ImportStrategy> IMPORT_STRATEGY = Setting.choice(
            "import_strategy",
            Scope.BOTH,
            ImportStrategy.class,
            ImportStrategy.BATCHED,
            "records per write transaction: `per-record` one, `batched` `batch_size`, `whole-file` a whole file");
    public static final Setting<Integer> BATCH_SIZE = Setting.integer(
            "batch_size",
            Scope.BOTH,
            100,
            1,
            1_000_000,
            "records",
            "records per transaction for `batched` (lines of several files may share one)");
    public static final Setting<Integer> BATCH_MAX_HOLD_MS = Setting.integer(
            "batch_max_hold_ms",
            Scope.BOTH,
            0,
            0,
            60_000,
            "ms",
            "`batched` also commits once a transaction has held the write lock this long (0: only `batch_size`"
                    + " counts)");
    public static final Setting<ConnectionStrategy> CONNECTION_STRATEGY = Setting.choice(
            "connection_strategy",
            Scope.BOTH,
            ConnectionStrategy.class,
            ConnectionStrategy.SPLIT,
            "`per-call`: a new connection per call; `pooled`: one shared pool; `split`: one SQLite writer beside"
                    + " a read-only reader pool (SQLite's default; on PostgreSQL `pooled` is)");
    public static final Setting<ReadPath> READ_PATH = Setting.choice(
            "read_path",
            Scope.BOTH,
            ReadPath.class,
            ReadPath.SNAPSHOT,
            "`snapshot`: one read transaction per request; `plain`: each query on its own, on the writer path");
    public static final Setting<UsagePolicy> USAGE_POLICY = Setting.choice(
            "usage_policy",
            Scope.BOTH,
            UsagePolicy.class,
            UsagePolicy.MAX_OUTPUT,
            "which of a message's repeated usage records counts");
    public static final Setting<Integer> LOCK_WAIT_WARN_MS = Setting.integer(
            "lock_wait_warn_ms",
            Scope.BOTH,
            2000,
            0,
            HOUR_MS,
            "ms",
            "an operation that waits this long for a lock or the writer is logged (0: never)");

    // SQLite.

    public static final Setting<Path> PATH = Setting.path(
            "path",
            Scope.SQLITE,
            Path.of("data", "lockbench.db"),
            "database file (CLI `--db`); its directory must exist");
    public static final Setting<Integer> BUSY_TIMEOUT_MS = Setting.integer(
                    "busy_timeout_ms", Scope.SQLITE, 10_000, 0, HOUR_MS, "ms", "how long a connection waits for a lock")
            .readBackAs("busy_timeout", String::valueOf);
    public static final Setting<TransactionMode> TRANSACTION_MODE = Setting.choice(
            "transaction_mode",
            Scope.SQLITE,
            TransactionMode.class,
            TransactionMode.IMMEDIATE,
            "when a write transaction takes the write lock (`BEGIN DEFERRED` / `BEGIN IMMEDIATE`)");
    public static final Setting<JournalMode> JOURNAL_MODE = Setting.choice(
                    "journal_mode", Scope.SQLITE, JournalMode.class, JournalMode.WAL, "PRAGMA journal_mode")
            .readBackAs("journal_mode", JournalMode::configName);
    public static final Setting<SynchronousMode> SYNCHRONOUS = Setting.choice(
                    "synchronous",
                    Scope.SQLITE,
                    SynchronousMode.class,
                    SynchronousMode.NORMAL,
                    "PRAGMA synchronous: when a commit waits for the disk")
            .readBackAs("synchronous", mode -> Integer.toString(mode.pragmaValue()));
    public static final Setting<Boolean> FOREIGN_KEYS = Setting.bool(
                    "foreign_keys", Scope.SQLITE, true, "PRAGMA foreign_keys")
            .readBackAs("foreign_keys", on -> on ? "1" : "0");
    public static final Setting<TempStore> TEMP_STORE =
            Setting.choice("temp_store", Scope.SQLITE, TempStore.class, TempStore.MEMORY, "PRAGMA temp_store");
    public static final Setting<Integer> CACHE_SIZE = Setting.integer(
            "cache_size",
            Scope.SQLITE,
            -64_000,
            -(1 << 30),
            1 << 30,
            "pages, or KiB when negative",
            "PRAGMA cache_size (the default is 64 MB)");
    public static final Setting<Long> MMAP_SIZE =
            Setting.longInteger("mmap_size", Scope.SQLITE, 268_435_456L, 0, 1L << 40, "bytes", "PRAGMA mmap_size");
    public static final Setting<Integer> WAL_AUTOCHECKPOINT = Setting.integer(
                    "wal_autocheckpoint",
                    Scope.SQLITE,
                    1000,
                    0,
                    1_000_000,
                    "pages",
                    "WAL size that triggers a checkpoint, run off the writer's path")
            .readBackAs("wal_autocheckpoint", String::valueOf);
    public static final Setting<Integer> READER_POOL_SIZE = Setting.integer(
            "reader_pool_size",
            Scope.SQLITE,
            4,
            1,
            64,
            "connections",
            "read-only connections beside the writer under `split`");
    public static final Setting<BusyHandlerMode> BUSY_HANDLER = Setting.choice(
            "busy_handler",
            Scope.SQLITE,
            BusyHandlerMode.class,
            BusyHandlerMode.SQLITE_SCHEDULE,
            "how a connection waits for a lock; `builtin` leaves SQLite's own handler (waits not measured)");
    public static final Setting<Integer> IMPORT_YIELD_MS = Setting.integer(
            "import_yield_ms",
            Scope.SQLITE,
            15,
            0,
            10_000,
            "ms",
            "while another process has the database open, an import leaves the write lock free this long after"
                    + " every `import_yield_after_ms` of holding it, so that a sleeping busy handler gets in (0: never)");
    public static final Setting<Integer> IMPORT_YIELD_AFTER_MS = Setting.integer(
            "import_yield_after_ms",
            Scope.SQLITE,
            20,
            1,
            60_000,
            "ms",
            "write-lock time an import holds between two of its `import_yield_ms` pauses");
    public static final Setting<Integer> BUSY_INTERVAL_MS = Setting.integer(
            "busy_interval_ms",
            Scope.SQLITE,
            10,
            1,
            60_000,
            "ms",
            "the sleep between lock attempts for `fixed-interval`");

    // PostgreSQL.

    public static final Setting<String> URL = Setting.text(
            "url",
            Scope.POSTGRESQL,
            Settings::defaultPostgresqlUrl,
            Settings::checkPostgresqlUrl,
            "a `jdbc:postgresql:` URL",
            "server, database and (`currentSchema=`) schema; the default is `$LOCKBENCH_PG_URL`, else "
                    + DEFAULT_POSTGRESQL_URL.replace("jdbc:", "`jdbc:") + "`"
                    + "; user and password from the URL, else `PGUSER` / `PGPASSWORD`");
    public static final Setting<Integer> POOL_SIZE = Setting.integer(
            "pool_size",
            Scope.POSTGRESQL,
            10,
            1,
            200,
            "connections",
            "connections of the one pool that serves reads and writes");
    public static final Setting<Integer> LOCK_TIMEOUT_MS = Setting.integer(
                    "lock_timeout_ms",
                    Scope.POSTGRESQL,
                    10_000,
                    0,
                    HOUR_MS,
                    "ms",
                    "how long a statement waits for a row or table lock before failing with `55P03`")
            .alsoKnownAs("lock_timeout")
            .readBackAs("lock_timeout", ms -> ms + "ms");
    public static final Setting<Integer> STATEMENT_TIMEOUT_MS = Setting.integer(
                    "statement_timeout_ms",
                    Scope.POSTGRESQL,
                    0,
                    0,
                    HOUR_MS,
                    "ms",
                    "longest statement, cancelled with `57014` (0: none)")
            .alsoKnownAs("statement_timeout")
            .readBackAs("statement_timeout", ms -> ms + "ms");
    public static final Setting<IsolationLevel> DEFAULT_TRANSACTION_ISOLATION = Setting.choice(
                    "default_transaction_isolation",
                    Scope.POSTGRESQL,
                    IsolationLevel.class,
                    IsolationLevel.READ_COMMITTED,
                    "isolation of write transactions")
            .readBackAs("default_transaction_isolation", IsolationLevel::configName);
    public static final Setting<SynchronousCommit> SYNCHRONOUS_COMMIT = Setting.choice(
                    "synchronous_commit",
                    Scope.POSTGRESQL,
                    SynchronousCommit.class,
                    SynchronousCommit.ON,
                    "whether a commit waits for its WAL")
            .readBackAs("synchronous_commit", SynchronousCommit::configName);

    /** Every setting, in documentation order: both backends, then SQLite's, then PostgreSQL's. */
    public static final List<Setting<?>> ALL = List.of(
            BACKEND,
            IMPORT_STRATEGY,
            BATCH_SIZE,
            BATCH_MAX_HOLD_MS,
            CONNECTION_STRATEGY,
            READ_PATH,
            USAGE_POLICY,
            LOCK_WAIT_WARN_MS,
            PATH,
            BUSY_TIMEOUT_MS,
            TRANSACTION_MODE,
            JOURNAL_MODE,
            SYNCHRONOUS,
            FOREIGN_KEYS,
            TEMP_STORE,
            CACHE_SIZE,
            MMAP_SIZE,
            WAL_AUTOCHECKPOINT,
            READER_POOL_SIZE,
            BUSY_HANDLER,
            BUSY_INTERVAL_MS,
            IMPORT_YIELD_MS,
            IMPORT_YIELD_AFTER_MS,
            URL,
            POOL_SIZE,
            LOCK_TIMEOUT_MS,
            STATEMENT_TIMEOUT_MS,
            DEFAULT_TRANSACTION_ISOLATION,
            SYNCHRONOUS_COMMIT);

    private static final Map<String, Setting<?>> BY_KEY = byKey();

    private static Map<String, Setting<?>> byKey() {
        Map<String, Setting<?>> byKey = new LinkedHashMap<>();
        for (Setting<?> setting : ALL) {
            byKey.put(setting.key(), setting);
            setting.aliases().forEach(alias -> byKey.put(alias, setting));
        }
        return Map.copyOf(byKey);
    }

    /** The setting a key (or an older spelling of it) names. */
    public static Optional<Setting<?>> find(String key) {
        return Optional.ofNullable(key == null ? null : BY_KEY.get(key.trim()));
    }

    /** The keys of every setting, in documentation order. */
    public static List<String> keys() {
        return ALL.stream().map(Setting::key).toList();
    }

    /** The settings that configure {@code backend}, in documentation order. */
    public static List<Setting<?>> of(Backend backend) {
        return ALL.stream().filter(s -> s.scope().appliesTo(backend)).toList();
    }

    /** The keys of one scope, for messages. */
    static String keysOf(Scope scope) {
        return ALL.stream()
                .filter(s -> s.scope() == scope)
                .map(Setting::key)
                .sorted()
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /**
     * The settings of one scope as a Markdown table (key, default, allowed, unit, meaning): the
     * tables of docs/configuration.md are this text, and a test keeps them so.
     */
    public static String markdownTable(Scope scope) {
        List<String> rows = new ArrayList<>();
        rows.add("| key | default | allowed | unit | meaning |");
        rows.add("|---|---|---|---|---|");
        for (Setting<?> setting : ALL) {
            if (setting.scope() != scope) {
                continue;
            }
            String defaultValue = setting == URL ? "see meaning" : "`" + documented(setting) + "`";
            rows.add("| `" + setting.key() + "` | " + defaultValue + " | " + setting.allowed() + " | "
                    + setting.unit() + " | " + setting.meaning()
                    + (setting.aliases().isEmpty()
                            ? ""
                            : " (also read as `" + String.join("`, `", setting.aliases()) + "`)")
                    + " |");
        }
        return String.join("\n", rows) + "\n";
    }

    private static <T> String documented(Setting<T> setting) {
        return setting.format(setting.defaultValue());
    }

    /** {@code LOCKBENCH_PG_URL} when set, so one scenario file runs against each team's server unchanged. */
    static String defaultPostgresqlUrl() {
        String fromEnvironment = System.getenv(POSTGRESQL_URL_ENV);
        return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_POSTGRESQL_URL : fromEnvironment.trim();
    }

    private static String checkPostgresqlUrl(String key, String url) {
        Secrets.rememberFrom(url);
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new InvalidConfigException(
                    key,
                    "expected a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database, from store.url or"
                            + " LOCKBENCH_PG_URL) but was '" + Secrets.redact(url) + "'");
        }
        if (!driverReads(url)) {
            throw new InvalidConfigException(
                    key,
                    "the PostgreSQL driver cannot read '" + Secrets.redact(url) + "': expected"
                            + " jdbc:postgresql://host:port/database with a port from 1 to 65535 and"
                            + " percent-encoded parameters");
        }
        return url;
    }

    /** Whether PostgreSQL's driver can read {@code url}; without the (optional) driver, opening the store says so. */
    private static boolean driverReads(String url) {
        try {
            return Driver.parseURL(url, null) != null;
        } catch (NoClassDefFoundError e) {
            return true;
        }
    }
}
