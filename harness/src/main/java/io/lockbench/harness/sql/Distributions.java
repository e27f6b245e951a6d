package io.lockbench.harness.sql;

import java.util.SplittableRandom;

/**
 * pgbench's random distributions and hashes, computed as pgbench computes them
 * ({@code src/bin/pgbench/pgbench.c}), from the client's own seeded random source.
 */
final class Distributions {

    static final double MIN_GAUSSIAN_PARAM = 2.0;
    static final double MIN_ZIPFIAN_PARAM = 1.001;
    static final double MAX_ZIPFIAN_PARAM = 1000.0;

    private static final long MM2_MUL = 0xc6a4a7935bd1e995L;
    private static final long MM2_MUL_TIMES_8 = 0x35253c9ade8f4ca8L; // MM2_MUL * 8, modulo 2^64
    private static final int MM2_ROT = 47;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;

    private Distributions() {}

    static long uniform(SplittableRandom random, long min, long max) {
        checkRange(min, max);
        return min + random.nextLong(Math.addExact(Math.subtractExact(max, min), 1));
    }

    static long exponential(SplittableRandom random, long min, long max, double parameter) {
        checkRange(min, max);
        if (!(parameter > 0.0) || Double.isInfinite(parameter)) {
            throw new ArithmeticException("random_exponential() needs a parameter greater than 0 but was " + parameter);
        }
        double cut = Math.exp(-parameter);
        double uniform = 1.0 - random.nextDouble();
        double rand = -Math.log(cut + (1.0 - cut) * uniform) / parameter;
        return min + (long) ((max - min + 1) * rand);
    }

    static long gaussian(SplittableRandom random, long min, long max, double parameter) {
        checkRange(min, max);
        if (!(parameter >= MIN_GAUSSIAN_PARAM) || Double.isInfinite(parameter)) { // NaN and ∞ never end the loop
            throw new ArithmeticException(
                    "random_gaussian() needs a parameter of at least " + MIN_GAUSSIAN_PARAM + " but was " + parameter);
        }
        double stdev;
        do {
            double rand1 = 1.0 - random.nextDouble();
            double rand2 = random.nextDouble();
            stdev = Math.sqrt(-2.0 * Math.log(rand1)) * Math.sin(2.0 * Math.PI * rand2);
        } while (stdev < -parameter || stdev >= parameter);
        double rand = (stdev + parameter) / (parameter * 2.0);
        return min + (long) ((max - min + 1) * rand);
    }

    static long zipfian(SplittableRandom random, long min, long max, double s) {
        checkRange(min, max);
        if (!(s >= MIN_ZIPFIAN_PARAM && s <= MAX_ZIPFIAN_PARAM)) { // NaN fails both
            throw new ArithmeticException("random_zipfian() needs a parameter from " + MIN_ZIPFIAN_PARAM + " to "
                    + MAX_ZIPFIAN_PARAM + " but was " + s);
        }
        long n = max - min + 1;
        if (n <= 1) {
            return min;
        }
        // Rejection-inversion (Devroye, Non-Uniform Random Variate Generation, p. 550), as pgbench draws it.
        double b = Math.pow(2.0, s - 1.0);
        double x;
        while (true) {
            double u = random.nextDouble();
            double v = random.nextDouble();
            x = Math.floor(Math.pow(u, -1.0 / (s - 1.0)));
            double t = Math.pow(1.0 + 1.0 / x, s - 1.0);
            if (v * x * (t - 1.0) / (b - 1.0) <= t / b && x <= n) {
                break;
            }
        }
        return min + (long) x - 1;
    }

    static long murmur2(long value, long seed) {
        long result = seed ^ MM2_MUL_TIMES_8;
        long k = value;
        k *= MM2_MUL;
        k ^= k >>> MM2_ROT;
        k *= MM2_MUL;
        result ^= k;
        result *= MM2_MUL;
        result ^= result >>> MM2_ROT;
        result *= MM2_MUL;
        result ^= result >>> MM2_ROT;
        return result;
    }

    static long fnv1a(long value, long seed) {
        long result = FNV_OFFSET_BASIS ^ seed;
        long v = value;
        for (int i = 0; i < 8; i++) {
            long octet = v & 0xff;
            v >>= 8;
            result ^= octet;
            result *= FNV_PRIME;
        }
        return result;
    }

    private static void checkRange(long min, long max) {
        if (max < min) {
            throw new ArithmeticException("empty range " + min + ".." + max);
        }
    }
}
