package io.lockbench.store.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything that decides how the store talks to its database, validated once when the value is
 * built. Instances are immutable; {@link #with(String, Object)} returns a changed copy, so a scenario
 * override goes through the same checks as a file.
 *
 * <p>A configuration holds exactly the {@link Settings} of its backend: a PostgreSQL store has no
 * {@code journal_mode}, and asking it for one is a programming error. What each setting means, its
 * default and what it allows are in {@link Settings}.
 */
public final class StoreConfig {

    /** The section store settings sit in, in a scenario file. */
    public static final String SCENARIO_SECTION = "store.";

    private final Backend backend;
    private final Map<Setting<?>, Object> values;
    /**
     * The database file a PostgreSQL configuration goes back to if it is switched to SQLite again; not
     * a setting of its own (a PostgreSQL store has no file).
     */
    private final Path sqlitePath;

    private StoreConfig(Backend backend, Map<Setting<?>, Object> values, Path sqlitePath) {
        this.backend = Objects.requireNonNull(backend);
        this.values = values;
        this.sqlitePath = sqlitePath;
        if (backend == Backend.POSTGRESQL && get(Settings.CONNECTION_STRATEGY) == ConnectionStrategy.SPLIT) {
            throw new InvalidConfigException(
                    Settings.CONNECTION_STRATEGY.key(),
                    "split (one SQLite writer beside query_only readers) means nothing on PostgreSQL;"
                            + " allowed there: pooled, per-call");
        }
    }

    /** The tuned defaults for a SQLite database at {@code path}. */
    public static StoreConfig defaults(Path path) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.of(Backend.SQLITE)) {
            values.put(setting, setting.defaultValue());
        }
        values.put(Settings.PATH, Settings.PATH.parse(path));
        return new StoreConfig(Backend.SQLITE, values, Settings.PATH.parse(path));
    }

    /**
     * Builds a configuration from the defaults and a map of keys to values, as found in a scenario
     * file or in {@code --set key=value} options. Values may be strings or already-typed values.
     */
    public static StoreConfig fromMap(Path defaultPath, Map<String, ?> values) {
        return defaults(defaultPath).withAll(values);
    }

    /**
     * A copy with every key of {@code changes} set, the backend first (it decides which of the other
     * keys mean something), then the others in key order. A rejected value is an
     * {@link InvalidConfigException} naming the key as it was written.
     */
    public StoreConfig withAll(Map<String, ?> changes) {
        List<String> keys = new ArrayList<>(new TreeMap<>(changes).keySet());
        keys.sort(Comparator.comparing(key -> !Settings.BACKEND.key().equals(key)));
        StoreConfig config = this;
        for (String key : keys) {
            config = config.with(key, changes.get(key));
        }
        return config;
    }

    private static InvalidConfigException unknownKey(String key, String bare) {
        String near = NearestNames.didYouMean(bare.trim(), Settings.keys());
        return new InvalidConfigException(
                key,
                near.isEmpty()
                        ? "unknown key; allowed keys are " + new TreeSet<>(Settings.keys())
                        : "unknown key" + near + " ('lockbench settings' lists all "
                                + Settings.keys().size() + ")");
    }

    /** A copy with one key changed, validated like any other value. */
    public StoreConfig with(String key, Object value) {
        // A scenario's spelling (store.batch_size) is accepted too, so --set means one thing everywhere.
        String bare = key.startsWith(SCENARIO_SECTION) ? key.substring(SCENARIO_SECTION.length()) : key;
        Setting<?> setting = Settings.find(bare).orElseThrow(() -> unknownKey(key, bare));
        try {
            return with(setting, value);
        } catch (InvalidConfigException e) {
            // Named as the user wrote it (an older spelling), so the message points at their line.
            throw key.equals(e.key()) ? e : new InvalidConfigException(key, e.problem());
        }
    }

    /** A copy with one setting changed; the value may be typed or written as in a configuration file. */
    public StoreConfig with(Setting<?> setting, Object value) {
        if (!setting.scope().appliesTo(backend)) {
            throw new InvalidConfigException(setting.key(), notOnThisBackend(setting));
        }
        Object parsed = setting.parse(value);
        if (setting == Settings.BACKEND) {
            return switchBackend((Backend) parsed);
        }
        Map<Setting<?>, Object> changed = new LinkedHashMap<>(values);
        changed.put(setting, parsed);
        return new StoreConfig(backend, changed, setting == Settings.PATH ? (Path) parsed : sqlitePath);
    }

    private String notOnThisBackend(Setting<?> setting) {
        return setting.scope() == Setting.Scope.SQLITE
                ? "configures SQLite and means nothing with backend=postgresql; PostgreSQL's settings are "
                        + Settings.keysOf(Setting.Scope.POSTGRESQL)
                : "is a PostgreSQL setting; set backend=postgresql first (the default backend is sqlite)";
    }

    /**
     * Moves to another backend: the settings both backends share carry over, the other backend's take
     * their defaults. The split strategy exists only for SQLite, so a PostgreSQL store pools its
     * connections, and a pooled PostgreSQL store that moves back to SQLite splits again.
     */
    private StoreConfig switchBackend(Backend next) {
        if (next == backend) {
            return this;
        }
        Map<Setting<?>, Object> changed = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.of(next)) {
            changed.put(
                    setting,
                    setting.scope() == Setting.Scope.BOTH
                            ? values.get(setting)
                            : setting.parse(setting.defaultValue()));
        }
        changed.put(Settings.BACKEND, next);
        if (next == Backend.SQLITE) {
            changed.put(Settings.PATH, sqlitePath);
        }
        Object strategy = changed.get(Settings.CONNECTION_STRATEGY);
        if (next == Backend.POSTGRESQL && strategy == ConnectionStrategy.SPLIT) {
            changed.put(Settings.CONNECTION_STRATEGY, ConnectionStrategy.POOLED);
        }
        if (next == Backend.SQLITE && strategy == ConnectionStrategy.POOLED) {
            changed.put(Settings.CONNECTION_STRATEGY, ConnectionStrategy.SPLIT);
        }
        return new StoreConfig(next, changed, sqlitePath);
    }

    /** The value of one setting of this configuration's backend. */
    public <T> T get(Setting<T> setting) {
        Object value = values.get(setting);
        if (value == null) {
            throw new IllegalStateException(
                    setting.key() + " configures " + setting.scope() + ", and this store is on " + backend);
        }
        return setting.type().cast(value);
    }

    /** Whether this configuration's backend has {@code setting}. */
    public boolean has(Setting<?> setting) {
        return values.containsKey(setting);
    }

    public Backend backend() {
        return backend;
    }

    /** The database file of a SQLite store. */
    public Path path() {
        return get(Settings.PATH);
    }

    /** Where the data lives, for messages: the database file, or the server URL without its password. */
    public String location() {
        return backend == Backend.POSTGRESQL
                ? Secrets.redact(get(Settings.URL))
                : path().toAbsolutePath().toString();
    }

    /**
     * The effective configuration, sorted by key, in configuration-file spelling: the settings of this
     * backend (the backend itself only when it is not the default), passwords hidden.
     */
    public Map<String, String> toMap() {
        Map<String, String> m = new TreeMap<>();
        values.forEach((setting, value) -> m.put(setting.key(), setting.formatUnchecked(value)));
        if (backend == Backend.SQLITE) {
            m.remove(Settings.BACKEND.key());
        } else {
            m.put(Settings.URL.key(), location());
        }
        return new LinkedHashMap<>(m);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoreConfig that && backend == that.backend && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(backend, values);
    }

    @Override
    public String toString() {
        return "StoreConfig" + toMap();
    }
}
