package io.lockbench.store.query;

/** Token counts of a set of API responses; input excludes cache reads and writes, as in the API. */
public record TokenTotals(long requests, long input, long output, long cacheCreation, long cacheRead) {

    public static final TokenTotals ZERO = new TokenTotals(0, 0, 0, 0, 0);

    /** Everything the responses consumed and produced: input + output + cache creation + cache read. */
    public long total() {
        return input + output + cacheCreation + cacheRead;
    }

    public TokenTotals plus(TokenTotals other) {
        return new TokenTotals(
                requests + other.requests,
                input + other.input,
                output + other.output,
                cacheCreation + other.cacheCreation,
                cacheRead + other.cacheRead);
    }
}
