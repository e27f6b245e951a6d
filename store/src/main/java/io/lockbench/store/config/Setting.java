package io.lockbench.store.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One store setting, everything known about it in one place: its key, the backend it configures, how
 * a value is read and written, its default, what is allowed, its unit, what it means and, when the
 * database can report it, the server-side name it is read back under. {@link Settings} lists them
 * all; validation, {@code --set} help, the documentation table and read-back are driven from there.
 *
 * @param <T> the value's type
 */
public final class Setting<T> {

    /** Which backend a setting configures. */
    public enum Scope {
        /** Means the same on both backends. */
        BOTH,
        /** Configures SQLite itself: a PostgreSQL store cannot hold it. */
        SQLITE,
        /** PostgreSQL's own: a SQLite store cannot hold it. */
        POSTGRESQL;

        public boolean appliesTo(Backend backend) {
            return this == BOTH || name().equals(backend.name());
        }
    }

    private final String key;
    private final Scope scope;
    private final Class<T> type;
    private final Supplier<T> defaultValue;
    private final BiFunction<String, Object, T> parser;
    private final Function<T, String> format;
    private final String allowed;
    private final String unit;
    private final String meaning;
    private final List<String> aliases;
    private final String serverName;
    private final Function<T, String> serverValue;

    private Setting(
            String key,
            Scope scope,
            Class<T> type,
            Supplier<T> defaultValue,
            BiFunction<String, Object, T> parser,
            Function<T, String> format,
            String allowed,
            String unit,
            String meaning,
            List<String> aliases,
            String serverName,
            Function<T, String> serverValue) {
        this.key = Objects.requireNonNull(key);
        this.scope = Objects.requireNonNull(scope);
        this.type = Objects.requireNonNull(type);
        this.defaultValue = Objects.requireNonNull(defaultValue);
        this.parser = Objects.requireNonNull(parser);
        this.format = Objects.requireNonNull(format);
        this.allowed = Objects.requireNonNull(allowed);
        this.unit = Objects.requireNonNull(unit);
        this.meaning = Objects.requireNonNull(meaning);
        this.aliases = List.copyOf(aliases);
        this.serverName = serverName;
        this.serverValue = serverValue;
    }

    /** A setting with no older spellings that is not read back (see {@link #alsoKnownAs}, {@link #readBackAs}). */
    private static <T> Setting<T> plain(
            String key,
            Scope scope,
            Class<T> type,
            Supplier<T> defaultValue,
            BiFunction<String, Object, T> parser,
            Function<T, String> format,
            String allowed,
            String unit,
            String meaning) {
        return new Setting<>(
                key, scope, type, defaultValue, parser, format, allowed, unit, meaning, List.of(), null, null);
    }

    /** A closed choice among an enum's constants, spelled as {@link ConfigChoice#configName()}. */
    static <E extends Enum<E> & ConfigChoice> Setting<E> choice(
            String key, Scope scope, Class<E> type, E defaultValue, String meaning) {
        return plain(
                key,
                scope,
                type,
                () -> defaultValue,
                (k, v) -> ConfigChoice.parse(type, k, v),
                ConfigChoice::configName,
                String.join(
                        ", ",
                        ConfigChoice.names(type).stream()
                                .map(n -> "`" + n + "`")
                                .toList()),
                "",
                meaning);
    }

    /** A whole number in {@code [min, max]}. */
    static Setting<Integer> integer(
            String key, Scope scope, int defaultValue, int min, int max, String unit, String meaning) {
        return number(key, scope, Integer.class, defaultValue, min, max, unit, meaning, Math::toIntExact);
    }

    /** A whole number in {@code [min, max]} that may exceed an int. */
    static Setting<Long> longInteger(
            String key, Scope scope, long defaultValue, long min, long max, String unit, String meaning) {
        return number(key, scope, Long.class, defaultValue, min, max, unit, meaning, Long::valueOf);
    }

    private static <N extends Number> Setting<N> number(
            String key,
            Scope scope,
            Class<N> type,
            N defaultValue,
            long min,
            long max,
            String unit,
            String meaning,
            Function<Long, N> narrow) {
        return plain(
                key,
                scope,
                type,
                () -> defaultValue,
                (k, v) -> narrow.apply(ConfigValues.integer(k, v, min, max)),
                String::valueOf,
                range(min, max),
                unit,
                meaning);
    }

    static Setting<Boolean> bool(String key, Scope scope, boolean defaultValue, String meaning) {
        return plain(
                key,
                scope,
                Boolean.class,
                () -> defaultValue,
                ConfigValues::bool,
                String::valueOf,
                "`true`, `false`",
                "",
                meaning);
    }

    static Setting<Path> path(String key, Scope scope, Path defaultValue, String meaning) {
        return plain(
                key,
                scope,
                Path.class,
                () -> defaultValue,
                (k, v) -> {
                    String text = v.toString();
                    if (text.isBlank()) {
                        throw new InvalidConfigException(k, "a database file path is required");
                    }
                    return v instanceof Path p ? p : Path.of(text);
                },
                Path::toString,
                "file path",
                "",
                meaning);
    }

    /**
     * Text checked by {@code check}, whose default is asked for each time a configuration is built
     * (so it may come from the environment).
     */
    static Setting<String> text(
            String key,
            Scope scope,
            Supplier<String> defaultValue,
            BiFunction<String, String, String> check,
            String allowed,
            String meaning) {
        return plain(
                key,
                scope,
                String.class,
                defaultValue,
                (k, v) -> check.apply(k, v.toString().trim()),
                Function.identity(),
                allowed,
                "",
                meaning);
    }

    /** This setting, also accepted under older spellings of its key. */
    Setting<T> alsoKnownAs(String... oldKeys) {
        return new Setting<>(
                key,
                scope,
                type,
                defaultValue,
                parser,
                format,
                allowed,
                unit,
                meaning,
                List.of(oldKeys),
                serverName,
                serverValue);
    }

    /**
     * This setting, read back from a live connection under {@code name} (a PRAGMA on SQLite, a
     * parameter on PostgreSQL), where it must equal {@code value} of the configured value.
     */
    Setting<T> readBackAs(String name, Function<T, String> value) {
        return new Setting<>(
                key, scope, type, defaultValue, parser, format, allowed, unit, meaning, aliases, name, value);
    }

    private static String range(long min, long max) {
        return String.format(Locale.ROOT, "%,d – %,d", min, max);
    }

    /** The key in configuration files and {@code --set}. */
    public String key() {
        return key;
    }

    public Scope scope() {
        return scope;
    }

    public Class<T> type() {
        return type;
    }

    /** Older spellings of the key that are still read. */
    public List<String> aliases() {
        return aliases;
    }

    public T defaultValue() {
        return defaultValue.get();
    }

    /** What a value may be, for people: choices in backticks, or a range. */
    public String allowed() {
        return allowed;
    }

    /** The unit of a number ({@code ms}, {@code pages}), or empty. */
    public String unit() {
        return unit;
    }

    /** One line on what the setting does. */
    public String meaning() {
        return meaning;
    }

    /**
     * Reads a value written in a configuration file or given already typed; anything else is rejected
     * with the key and what is allowed.
     */
    public T parse(Object value) {
        if (value == null) {
            throw new InvalidConfigException(key, "a value is required");
        }
        return parser.apply(key, value);
    }

    /** The value in configuration-file spelling. */
    public String format(T value) {
        return format.apply(value);
    }

    /** Formats a value known to be of this setting's type. */
    String formatUnchecked(Object value) {
        return format(type.cast(value));
    }

    /** The server-side name this setting is read back under, when the database reports it. */
    public Optional<String> serverName() {
        return Optional.ofNullable(serverName);
    }

    /** What the database must report under {@link #serverName()} for {@code value}. */
    public String serverValue(T value) {
        if (serverValue == null) {
            throw new IllegalStateException(key + " is not read back");
        }
        return serverValue.apply(value);
    }

    /** What the database must report under {@link #serverName()} for this setting's value in {@code config}. */
    public String serverValueIn(StoreConfig config) {
        return serverValue(config.get(this));
    }

    @Override
    public String toString() {
        return key;
    }
}
