package io.lockbench.store.config;

/** Strict conversions of configuration values: no clamping, no guessing. */
public final class ConfigValues {

    private ConfigValues() {}

    public static boolean bool(String key, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value).trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("on")) {
            return true;
        }
        if (text.equalsIgnoreCase("false") || text.equalsIgnoreCase("off")) {
            return false;
        }
        throw new InvalidConfigException(key, "expected true or false but was '" + value + "'");
    }

    /** An integer in {@code [min, max]}; decimals, units and text that is not a number are rejected. */
    public static long integer(String key, Object value, long min, long max) {
        long result;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            result = ((Number) value).longValue();
        } else if (value instanceof Number) {
            throw new InvalidConfigException(key, "expected a whole number but was " + value);
        } else {
            String text = String.valueOf(value).trim().replace("_", "");
            // Long.parseLong reads any script's digits ("٥" is 5): a configuration value is written in ASCII.
            if (!text.matches("[+-]?[0-9]+")) {
                throw new InvalidConfigException(key, "expected a whole number but was '" + value + "'");
            }
            try {
                result = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new InvalidConfigException(key, "expected a whole number but was '" + value + "'");
            }
        }
        if (result < min || result > max) {
            throw new InvalidConfigException(key, "must be between " + min + " and " + max + " but was " + result);
        }
        return result;
    }
}
