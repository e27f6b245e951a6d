package io.lockbench.store.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Everything that decides how the store talks to SQLite, validated once when the value is built.
 * Instances are immutable; {@link #with(String, Object)} returns a changed copy, so a scenario
 * override goes through the same checks as a file.
 *
 * <p>The defaults are the tuned configuration from the post-mortems: WAL, {@code synchronous=NORMAL},
 * foreign keys on, a 10 s busy timeout, IMMEDIATE write transactions, a single writer beside a
 * read-only reader pool, batches of 100 records and snapshot reads. Lock waits go through the lock
 * probe on SQLite's own sleep schedule, and a wait of more than 2 s is logged.
 */
public record StoreConfig(
        Path path,
        JournalMode journalMode,
        SynchronousMode synchronous,
        int busyTimeoutMs,
        boolean foreignKeys,
        TempStore tempStore,
        int cacheSize,
        long mmapSize,
        int walAutocheckpoint,
        TransactionMode transactionMode,
        ConnectionStrategy connectionStrategy,
        int readerPoolSize,
        int batchSize,
        ReadPath readPath,
        ImportStrategy importStrategy,
        UsagePolicy usagePolicy,
        BusyHandlerMode busyHandler,
        int busyIntervalMs,
        int lockWaitWarnMs,
        Backend backend,
        String url,
        int poolSize,
        int lockTimeoutMs,
        int statementTimeoutMs,
        IsolationLevel isolation,
        SynchronousCommit synchronousCommit) {

    public static final String PATH = "path";
    public static final String JOURNAL_MODE = "journal_mode";
    public static final String SYNCHRONOUS = "synchronous";
    public static final String BUSY_TIMEOUT_MS = "busy_timeout_ms";
    public static final String FOREIGN_KEYS = "foreign_keys";
    public static final String TEMP_STORE = "temp_store";
    public static final String CACHE_SIZE = "cache_size";
    public static final String MMAP_SIZE = "mmap_size";
    public static final String WAL_AUTOCHECKPOINT = "wal_autocheckpoint";
    public static final String TRANSACTION_MODE = "transaction_mode";
    public static final String CONNECTION_STRATEGY = "connection_strategy";
    public static final String READER_POOL_SIZE = "reader_pool_size";
    public static final String BATCH_SIZE = "batch_size";
    public static final String READ_PATH = "read_path";
    public static final String IMPORT_STRATEGY = "import_strategy";
    public static final String USAGE_POLICY = "usage_policy";
    public static final String BUSY_HANDLER = "busy_handler";
    public static final String BUSY_INTERVAL_MS = "busy_interval_ms";
    public static final String LOCK_WAIT_WARN_MS = "lock_wait_warn_ms";
    public static final String BACKEND = "backend";
    public static final String URL = "url";
    public static final String POOL_SIZE = "pool_size";
    public static final String LOCK_TIMEOUT = "lock_timeout";
    public static final String STATEMENT_TIMEOUT = "statement_timeout";
    public static final String DEFAULT_TRANSACTION_ISOLATION = "default_transaction_isolation";
    public static final String SYNCHRONOUS_COMMIT = "synchronous_commit";

    /**
     * Keys that configure SQLite itself (its PRAGMAs, busy handler, transaction begin and the split
     * writer/reader pools): rejected when the backend is PostgreSQL, where they would silently do nothing.
     */
    public static final Set<String> SQLITE_KEYS = Set.of(
            PATH,
            JOURNAL_MODE,
            SYNCHRONOUS,
            BUSY_TIMEOUT_MS,
            FOREIGN_KEYS,
            TEMP_STORE,
            CACHE_SIZE,
            MMAP_SIZE,
            WAL_AUTOCHECKPOINT,
            TRANSACTION_MODE,
            READER_POOL_SIZE,
            BUSY_HANDLER,
            BUSY_INTERVAL_MS);

    /** PostgreSQL's own settings, applied to every connection: rejected when the backend is SQLite. */
    public static final Set<String> POSTGRESQL_KEYS =
            Set.of(URL, POOL_SIZE, LOCK_TIMEOUT, STATEMENT_TIMEOUT, DEFAULT_TRANSACTION_ISOLATION, SYNCHRONOUS_COMMIT);

    /** Keys that mean the same on both backends. */
    private static final Set<String> SHARED_KEYS = Set.of(
            BACKEND, CONNECTION_STRATEGY, BATCH_SIZE, READ_PATH, IMPORT_STRATEGY, USAGE_POLICY, LOCK_WAIT_WARN_MS);

    /** Every key a configuration map may hold (unordered; sort it for display). */
    public static final Set<String> KEYS = Stream.of(SHARED_KEYS, SQLITE_KEYS, POSTGRESQL_KEYS)
            .flatMap(Set::stream)
            .collect(Collectors.toUnmodifiableSet());

    /** The server a PostgreSQL store uses when neither {@code url} nor {@code LOCKBENCH_PG_URL} names one. */
    public static final String DEFAULT_POSTGRESQL_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    /** The environment variable naming the PostgreSQL server when {@code url} does not. */
    public static final String POSTGRESQL_URL_ENV = "LOCKBENCH_PG_URL";

    /** {@code LOCKBENCH_PG_URL} when set, so one scenario file runs against each team's server unchanged. */
    static String defaultPostgresqlUrl() {
        String fromEnvironment = System.getenv(POSTGRESQL_URL_ENV);
        return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_POSTGRESQL_URL : fromEnvironment.trim();
    }

    static final long MAX_MMAP_SIZE = 1L << 40;
    static final int MAX_BUSY_TIMEOUT_MS = 3_600_000;
    static final int MAX_READER_POOL_SIZE = 64;
    static final int MAX_BATCH_SIZE = 1_000_000;
    static final int MAX_CACHE_SIZE = 1 << 30;
    static final int MAX_WAL_AUTOCHECKPOINT = 1_000_000;
    static final int MAX_BUSY_INTERVAL_MS = 60_000;
    static final int MAX_POOL_SIZE = 200;

    public StoreConfig {
        if (path == null || path.toString().isBlank()) {
            throw new InvalidConfigException(PATH, "a database file path is required");
        }
        Objects.requireNonNull(journalMode, JOURNAL_MODE);
        Objects.requireNonNull(synchronous, SYNCHRONOUS);
        Objects.requireNonNull(tempStore, TEMP_STORE);
        Objects.requireNonNull(transactionMode, TRANSACTION_MODE);
        Objects.requireNonNull(connectionStrategy, CONNECTION_STRATEGY);
        Objects.requireNonNull(readPath, READ_PATH);
        Objects.requireNonNull(importStrategy, IMPORT_STRATEGY);
        Objects.requireNonNull(usagePolicy, USAGE_POLICY);
        Objects.requireNonNull(busyHandler, BUSY_HANDLER);
        Objects.requireNonNull(backend, BACKEND);
        Objects.requireNonNull(isolation, DEFAULT_TRANSACTION_ISOLATION);
        Objects.requireNonNull(synchronousCommit, SYNCHRONOUS_COMMIT);
        Objects.requireNonNull(url, URL);
        Secrets.rememberFrom(url);
        // Checked only where it is used: a malformed LOCKBENCH_PG_URL must not stop SQLite from working.
        if (backend == Backend.POSTGRESQL && !url.startsWith("jdbc:postgresql:")) {
            throw new InvalidConfigException(
                    URL,
                    "expected a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database, from store.url or"
                            + " LOCKBENCH_PG_URL) but was '" + Secrets.redact(url) + "'");
        }
        if (backend == Backend.POSTGRESQL && !driverReads(url)) {
            throw new InvalidConfigException(
                    URL,
                    "the PostgreSQL driver cannot read '" + Secrets.redact(url) + "': expected"
                            + " jdbc:postgresql://host:port/database with a port from 1 to 65535 and"
                            + " percent-encoded parameters");
        }
        if (backend == Backend.POSTGRESQL && connectionStrategy == ConnectionStrategy.SPLIT) {
            throw new InvalidConfigException(
                    CONNECTION_STRATEGY,
                    "split (one SQLite writer beside query_only readers) means nothing on PostgreSQL;"
                            + " allowed there: pooled, per-call");
        }
        checkRange(POOL_SIZE, poolSize, 1, MAX_POOL_SIZE);
        checkRange(LOCK_TIMEOUT, lockTimeoutMs, 0, MAX_BUSY_TIMEOUT_MS);
        checkRange(STATEMENT_TIMEOUT, statementTimeoutMs, 0, MAX_BUSY_TIMEOUT_MS);
        checkRange(BUSY_TIMEOUT_MS, busyTimeoutMs, 0, MAX_BUSY_TIMEOUT_MS);
        checkRange(CACHE_SIZE, cacheSize, -MAX_CACHE_SIZE, MAX_CACHE_SIZE);
        checkRange(MMAP_SIZE, mmapSize, 0, MAX_MMAP_SIZE);
        checkRange(WAL_AUTOCHECKPOINT, walAutocheckpoint, 0, MAX_WAL_AUTOCHECKPOINT);
        checkRange(READER_POOL_SIZE, readerPoolSize, 1, MAX_READER_POOL_SIZE);
        checkRange(BATCH_SIZE, batchSize, 1, MAX_BATCH_SIZE);
        checkRange(BUSY_INTERVAL_MS, busyIntervalMs, 1, MAX_BUSY_INTERVAL_MS);
        checkRange(LOCK_WAIT_WARN_MS, lockWaitWarnMs, 0, MAX_BUSY_TIMEOUT_MS);
    }

    /** The tuned defaults for a database at {@code path}. */
    public static StoreConfig defaults(Path path) {
        return new StoreConfig(
                path,
                JournalMode.WAL,
                SynchronousMode.NORMAL,
                10_000,
                true,
                TempStore.MEMORY,
                -64_000,
                268_435_456L,
                1000,
                TransactionMode.IMMEDIATE,
                ConnectionStrategy.SPLIT,
                4,
                100,
                ReadPath.SNAPSHOT,
                ImportStrategy.BATCHED,
                UsagePolicy.MAX_OUTPUT,
                BusyHandlerMode.SQLITE_SCHEDULE,
                10,
                2000,
                Backend.SQLITE,
                defaultPostgresqlUrl(),
                10,
                10_000,
                0,
                IsolationLevel.READ_COMMITTED,
                SynchronousCommit.ON);
    }

    /**
     * Builds a configuration from the defaults and a map of keys to values, as found in a scenario
     * file or in {@code --set key=value} options. Values may be strings or already-typed values.
     */
    public static StoreConfig fromMap(Path defaultPath, Map<String, ?> values) {
        StoreConfig config = defaults(defaultPath);
        // The backend first: it decides which of the other keys mean something.
        if (values.containsKey(BACKEND)) {
            config = config.with(BACKEND, values.get(BACKEND));
        }
        for (Map.Entry<String, ?> entry : new TreeMap<>(values).entrySet()) {
            if (!entry.getKey().equals(BACKEND)) {
                config = config.with(entry.getKey(), entry.getValue());
            }
        }
        return config;
    }

    /** A copy with one key changed, validated like any other value. */
    public StoreConfig with(String key, Object value) {
        if (value == null) {
            throw new InvalidConfigException(key, "a value is required");
        }
        if (backend == Backend.POSTGRESQL && SQLITE_KEYS.contains(key)) {
            throw new InvalidConfigException(
                    key,
                    "configures SQLite and means nothing with backend=postgresql; PostgreSQL's settings are "
                            + new java.util.TreeSet<>(POSTGRESQL_KEYS));
        }
        if (backend == Backend.SQLITE && POSTGRESQL_KEYS.contains(key)) {
            throw new InvalidConfigException(
                    key, "is a PostgreSQL setting; set backend=postgresql first (the default backend is sqlite)");
        }
        return switch (key) {
            case BACKEND -> switchBackend(ConfigChoice.parse(Backend.class, key, value));
            case URL -> copy(null, Map.of(URL, value.toString().trim()));
            case DEFAULT_TRANSACTION_ISOLATION ->
                copy(null, Map.of(key, ConfigChoice.parse(IsolationLevel.class, key, value)));
            case SYNCHRONOUS_COMMIT -> copy(null, Map.of(key, ConfigChoice.parse(SynchronousCommit.class, key, value)));
            case PATH -> copy(Path.of(value.toString()), null);
            case JOURNAL_MODE -> copy(null, Map.of(JOURNAL_MODE, ConfigChoice.parse(JournalMode.class, key, value)));
            case SYNCHRONOUS -> copy(null, Map.of(SYNCHRONOUS, ConfigChoice.parse(SynchronousMode.class, key, value)));
            case TEMP_STORE -> copy(null, Map.of(TEMP_STORE, ConfigChoice.parse(TempStore.class, key, value)));
            case TRANSACTION_MODE ->
                copy(null, Map.of(TRANSACTION_MODE, ConfigChoice.parse(TransactionMode.class, key, value)));
            case CONNECTION_STRATEGY ->
                copy(null, Map.of(CONNECTION_STRATEGY, ConfigChoice.parse(ConnectionStrategy.class, key, value)));
            case READ_PATH -> copy(null, Map.of(READ_PATH, ConfigChoice.parse(ReadPath.class, key, value)));
            case IMPORT_STRATEGY ->
                copy(null, Map.of(IMPORT_STRATEGY, ConfigChoice.parse(ImportStrategy.class, key, value)));
            case USAGE_POLICY -> copy(null, Map.of(USAGE_POLICY, ConfigChoice.parse(UsagePolicy.class, key, value)));
            case BUSY_HANDLER ->
                copy(null, Map.of(BUSY_HANDLER, ConfigChoice.parse(BusyHandlerMode.class, key, value)));
            case FOREIGN_KEYS -> copy(null, Map.of(FOREIGN_KEYS, ConfigValues.bool(key, value)));
            case BUSY_TIMEOUT_MS,
                    CACHE_SIZE,
                    WAL_AUTOCHECKPOINT,
                    READER_POOL_SIZE,
                    BATCH_SIZE,
                    BUSY_INTERVAL_MS,
                    LOCK_WAIT_WARN_MS,
                    POOL_SIZE,
                    LOCK_TIMEOUT,
                    STATEMENT_TIMEOUT ->
                copy(
                        null,
                        Map.of(
                                key,
                                Math.toIntExact(
                                        ConfigValues.integer(key, value, Integer.MIN_VALUE, Integer.MAX_VALUE))));
            case MMAP_SIZE ->
                copy(null, Map.of(MMAP_SIZE, ConfigValues.integer(key, value, Long.MIN_VALUE, Long.MAX_VALUE)));
            default ->
                throw new InvalidConfigException(key, "unknown key; allowed keys are " + new java.util.TreeSet<>(KEYS));
        };
    }

    /**
     * Moves to another backend. The split strategy exists only for SQLite, so a PostgreSQL store pools
     * its connections unless told otherwise; every other value carries over.
     */
    private StoreConfig switchBackend(Backend next) {
        Map<String, Object> change = new java.util.HashMap<>();
        change.put(BACKEND, next);
        if (next == Backend.POSTGRESQL && connectionStrategy == ConnectionStrategy.SPLIT) {
            change.put(CONNECTION_STRATEGY, ConnectionStrategy.POOLED);
        }
        if (next == Backend.SQLITE
                && backend == Backend.POSTGRESQL
                && connectionStrategy == ConnectionStrategy.POOLED) {
            change.put(CONNECTION_STRATEGY, ConnectionStrategy.SPLIT);
        }
        return copy(null, change);
    }

    private StoreConfig copy(Path newPath, Map<String, Object> change) {
        Map<String, Object> m = change == null ? Map.of() : change;
        return new StoreConfig(
                newPath != null ? newPath : path,
                (JournalMode) m.getOrDefault(JOURNAL_MODE, journalMode),
                (SynchronousMode) m.getOrDefault(SYNCHRONOUS, synchronous),
                (Integer) m.getOrDefault(BUSY_TIMEOUT_MS, busyTimeoutMs),
                (Boolean) m.getOrDefault(FOREIGN_KEYS, foreignKeys),
                (TempStore) m.getOrDefault(TEMP_STORE, tempStore),
                (Integer) m.getOrDefault(CACHE_SIZE, cacheSize),
                (Long) m.getOrDefault(MMAP_SIZE, mmapSize),
                (Integer) m.getOrDefault(WAL_AUTOCHECKPOINT, walAutocheckpoint),
                (TransactionMode) m.getOrDefault(TRANSACTION_MODE, transactionMode),
                (ConnectionStrategy) m.getOrDefault(CONNECTION_STRATEGY, connectionStrategy),
                (Integer) m.getOrDefault(READER_POOL_SIZE, readerPoolSize),
                (Integer) m.getOrDefault(BATCH_SIZE, batchSize),
                (ReadPath) m.getOrDefault(READ_PATH, readPath),
                (ImportStrategy) m.getOrDefault(IMPORT_STRATEGY, importStrategy),
                (UsagePolicy) m.getOrDefault(USAGE_POLICY, usagePolicy),
                (BusyHandlerMode) m.getOrDefault(BUSY_HANDLER, busyHandler),
                (Integer) m.getOrDefault(BUSY_INTERVAL_MS, busyIntervalMs),
                (Integer) m.getOrDefault(LOCK_WAIT_WARN_MS, lockWaitWarnMs),
                (Backend) m.getOrDefault(BACKEND, backend),
                (String) m.getOrDefault(URL, url),
                (Integer) m.getOrDefault(POOL_SIZE, poolSize),
                (Integer) m.getOrDefault(LOCK_TIMEOUT, lockTimeoutMs),
                (Integer) m.getOrDefault(STATEMENT_TIMEOUT, statementTimeoutMs),
                (IsolationLevel) m.getOrDefault(DEFAULT_TRANSACTION_ISOLATION, isolation),
                (SynchronousCommit) m.getOrDefault(SYNCHRONOUS_COMMIT, synchronousCommit));
    }

    /** True when the store lives on a PostgreSQL server. */
    public boolean postgresql() {
        return backend == Backend.POSTGRESQL;
    }

    /** Whether PostgreSQL's driver can read {@code url}; without the (optional) driver, opening the store says so. */
    private static boolean driverReads(String url) {
        try {
            return org.postgresql.Driver.parseURL(url, null) != null;
        } catch (NoClassDefFoundError e) {
            return true;
        }
    }

    /** Where the data lives, for messages: the database file, or the server URL without its password. */
    public String location() {
        return postgresql() ? Secrets.redact(url) : path.toAbsolutePath().toString();
    }

    /** The effective configuration, sorted by key, in configuration-file spelling. */
    public Map<String, String> toMap() {
        Map<String, String> m = new java.util.TreeMap<>(allValues());
        m.keySet().removeAll(postgresql() ? SQLITE_KEYS : POSTGRESQL_KEYS);
        if (!postgresql()) {
            m.remove(BACKEND);
        } else {
            m.put(URL, location());
        }
        return new LinkedHashMap<>(m);
    }

    private Map<String, String> allValues() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(BACKEND, backend.configName());
        m.put(URL, url);
        m.put(POOL_SIZE, Integer.toString(poolSize));
        m.put(LOCK_TIMEOUT, Integer.toString(lockTimeoutMs));
        m.put(STATEMENT_TIMEOUT, Integer.toString(statementTimeoutMs));
        m.put(DEFAULT_TRANSACTION_ISOLATION, isolation.configName());
        m.put(SYNCHRONOUS_COMMIT, synchronousCommit.configName());
        m.put(BATCH_SIZE, Integer.toString(batchSize));
        m.put(BUSY_HANDLER, busyHandler.configName());
        m.put(BUSY_INTERVAL_MS, Integer.toString(busyIntervalMs));
        m.put(BUSY_TIMEOUT_MS, Integer.toString(busyTimeoutMs));
        m.put(CACHE_SIZE, Integer.toString(cacheSize));
        m.put(CONNECTION_STRATEGY, connectionStrategy.configName());
        m.put(FOREIGN_KEYS, Boolean.toString(foreignKeys));
        m.put(IMPORT_STRATEGY, importStrategy.configName());
        m.put(JOURNAL_MODE, journalMode.configName());
        m.put(LOCK_WAIT_WARN_MS, Integer.toString(lockWaitWarnMs));
        m.put(MMAP_SIZE, Long.toString(mmapSize));
        m.put(PATH, path.toString());
        m.put(READ_PATH, readPath.configName());
        m.put(READER_POOL_SIZE, Integer.toString(readerPoolSize));
        m.put(SYNCHRONOUS, synchronous.configName());
        m.put(TEMP_STORE, tempStore.configName());
        m.put(TRANSACTION_MODE, transactionMode.configName());
        m.put(USAGE_POLICY, usagePolicy.configName());
        m.put(WAL_AUTOCHECKPOINT, Integer.toString(walAutocheckpoint));
        return m;
    }

    private static void checkRange(String key, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidConfigException(key, "must be between " + min + " and " + max + " but was " + value);
        }
    }
}
