package io.lockbench.store.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** "Did you mean": the names nearest to a mistyped one, for every place that rejects a name. */
public final class NearestNames {

    private NearestNames() {}

    /**
     * Up to three of {@code names} within a third of {@code typed}'s length (at least one edit) of it,
     * nearest first; empty when none is that near.
     */
    public static List<String> of(String typed, Collection<String> names) {
        int limit = Math.max(1, typed.length() / 3);
        return names.stream()
                .distinct()
                .filter(n -> !n.equals(typed) && distance(typed, n) <= limit)
                .sorted(Comparator.comparingInt((String n) -> distance(typed, n)))
                .limit(3)
                .toList();
    }

    /** {@code "; did you mean a or b?"} for the nearest names, or an empty string. */
    public static String didYouMean(String typed, Collection<String> names) {
        List<String> near = of(typed, names);
        return near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?";
    }

    /**
     * The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
     * neighbouring characters each count one (picocli's own suggestions, letter pairs in common, miss
     * the commonest typo, a transposition).
     */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
