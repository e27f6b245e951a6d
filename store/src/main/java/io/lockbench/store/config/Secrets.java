package io.lockbench.store.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redaction for anything lockbench writes: files, the console, logs, {@code /metrics} and
 * HTTP bodies. A password can reach text in three shapes: a {@code password=} parameter of a JDBC URL,
 * the user-info of a {@code scheme://user:password@host} URL, and, quoted back by a server, inside
 * any other text (PostgreSQL names the role {@code "postgres;password=..."} when the URL's separator
 * was wrong). The first two are recognised by their form; for the third, every password lockbench has
 * seen in a URL or in {@code PGPASSWORD} is remembered and replaced wherever it appears.
 */
public final class Secrets {

    /** What a secret is replaced with. */
    public static final String MASK = "***";

    /** Shorter remembered values are left to the two forms: masking every "ab" would garble text. */
    private static final int MIN_REMEMBERED_LENGTH = 3;

    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password\\s*=\\s*)([^&;\\s\"'<>]*)");
    private static final Pattern USER_INFO =
            Pattern.compile("(?i)([a-z][a-z0-9+.-]{0,31}://[^/@\\s:\"']*:)([^/@\\s\"']*)(@)");

    private static final Set<String> REMEMBERED = ConcurrentHashMap.newKeySet();

    static {
        remember(System.getenv("PGPASSWORD"));
    }

    private Secrets() {}

    /** Text with every password it holds replaced by {@link #MASK}; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        // Longest first, so a password that contains another one is masked whole.
        List<String> known = REMEMBERED.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        for (String secret : known) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        result = PASSWORD_PARAMETER.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK));
        result = USER_INFO.matcher(result).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + m.group(3)));
        return result;
    }

    /** Remembers the passwords a URL carries, so that text quoting them back is redacted too. */
    public static void rememberFrom(String url) {
        if (url == null) {
            return;
        }
        Matcher parameter = PASSWORD_PARAMETER.matcher(url);
        while (parameter.find()) {
            remember(parameter.group(2));
        }
        Matcher userInfo = USER_INFO.matcher(url);
        while (userInfo.find()) {
            remember(userInfo.group(2));
        }
    }

    /** Remembers one secret value (a password from the environment, say). */
    public static void remember(String secret) {
        if (secret != null && secret.length() >= MIN_REMEMBERED_LENGTH && !secret.equals(MASK)) {
            REMEMBERED.add(secret);
            // A URL carries it percent-encoded; the driver and the server see, and may quote, it decoded.
            try {
                String decoded = URLDecoder.decode(secret, StandardCharsets.UTF_8);
                if (decoded.length() >= MIN_REMEMBERED_LENGTH) {
                    REMEMBERED.add(decoded);
                }
            } catch (IllegalArgumentException notEncoded) {
                // Kept as written.
            }
        }
    }
}
