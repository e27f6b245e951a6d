package io.lockbench.store.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A closed choice in a configuration file. Each constant has the spelling users write
 * ({@code per-call}, {@code wal}); parsing accepts that spelling case-insensitively and the Java
 * constant name, and rejects everything else with the list of allowed values.
 */
public interface ConfigChoice {

    /** The spelling used in configuration files and on the command line. */
    String configName();

    static <E extends Enum<E> & ConfigChoice> E parse(Class<E> type, String key, Object value) {
        return find(type, value).orElseThrow(() -> new InvalidConfigException(key, notAChoice(type, value)));
    }

    static <E extends Enum<E> & ConfigChoice> Optional<E> find(Class<E> type, Object value) {
        String text = String.valueOf(value).trim();
        for (E constant : type.getEnumConstants()) {
            if (constant.configName().equalsIgnoreCase(text) || constant.name().equalsIgnoreCase(text)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }

    static <E extends Enum<E> & ConfigChoice> String notAChoice(Class<E> type, Object value) {
        return "expected one of " + names(type) + " but was '" + value + "'";
    }

    static <E extends Enum<E> & ConfigChoice> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(ConfigChoice::configName)
                .collect(Collectors.toList());
    }

    static String lower(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
