package io.lockbench.harness.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code \set} expressions evaluate as pgbench evaluates them; the known answers come from pgbench 16's debug(). */
class ExpressionTest {

    private static Number eval(String text) {
        return eval(text, new SplittableRandom(1));
    }

    private static Number eval(String text, SplittableRandom random) {
        Map<String, Object> vars = Map.of("n", 10L, "x", 2.5, "s", "42");
        return Expression.parse(text, vars.keySet()).evaluate(new Expression.Scope() {
            @Override
            public Object variable(String name) {
                return vars.get(name);
            }

            @Override
            public SplittableRandom random() {
                return random;
            }

            @Override
            public long hashSeed() {
                return 5432;
            }
        });
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "hash(10, 5432)|-5817877081768721676",
                "hash_murmur2(10)|-5817877081768721676",
                "hash_fnv1a(10, 5432)|-7793829335365542153",
                "hash_murmur2(-7, 0)|-2376560325806870531",
                "hash_fnv1a(123456789, 1)|-2673429571296378580",
                "7 / 2|3",
                "-7 / 2|-3",
                "-7 % 3|-1",
                "7 / 2.0|3.5",
                "abs(-3)|3",
                "least(3, 1.5, 2)|1.5",
                "greatest(3, 1, 2)|3",
                "(1 + 2) * -3|-9",
                ":n * 2 + :s|62",
                ":x * 2|5.0",
                "int(:x)|2",
                "double(3)|3.0",
                "mod(17, 5)|2",
                "sqrt(16)|4.0",
            })
    void evaluatesAsPgbenchDoes(String expression, String expected) {
        Number value = eval(expression);
        assertThat(value.toString()).isEqualTo(expected);
    }

    @Test
    void randomDrawsStayInTheirRange_andTheSameSeedDrawsTheSameValues() {
        for (String f : new String[] {
            "random(5, 9)", "random_exponential(5, 9, 2.0)", "random_gaussian(5, 9, 2.5)", "random_zipfian(5, 9, 1.5)"
        }) {
            SplittableRandom a = new SplittableRandom(7);
            SplittableRandom b = new SplittableRandom(7);
            long[] first =
                    LongStream.range(0, 2000).map(i -> eval(f, a).longValue()).toArray();
            long[] second =
                    LongStream.range(0, 2000).map(i -> eval(f, b).longValue()).toArray();
            assertThat(first).as(f).isEqualTo(second);
            assertThat(LongStream.of(first).min().getAsLong()).as(f).isGreaterThanOrEqualTo(5);
            assertThat(LongStream.of(first).max().getAsLong()).as(f).isLessThanOrEqualTo(9);
            assertThat(LongStream.of(first).distinct().count())
                    .as(f + " draws more than one value")
                    .isGreaterThan(1);
        }
    }

    @Test
    void skewedDrawsFavourTheLowEnd_asTheirDistributionsDo() {
        SplittableRandom random = new SplittableRandom(3);
        long lowZipf = LongStream.range(0, 10_000)
                .filter(i -> eval("random_zipfian(1, 100, 1.5)", random).longValue() == 1)
                .count();
        long lowExp = LongStream.range(0, 10_000)
                .filter(i -> eval("random_exponential(1, 100, 5.0)", random).longValue() <= 10)
                .count();
        assertThat(lowZipf)
                .as("zipfian(1.5): a third or more of draws are the first value")
                .isGreaterThan(3_000);
        assertThat(lowExp)
                .as("exponential(5): ~40% of draws in the first tenth")
                .isGreaterThan(3_000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1 / 0|division by zero",
                "random(9, 5)|empty range",
                "random_gaussian(1, 10, 1.0)|at least 2.0",
                "random_zipfian(1, 10, 1.0)|from 1.001",
                "random_exponential(1, 10, 0)|greater than 0",
                "random(1.5, 3)|takes integers",
                "(-9223372036854775807 - 1) / -1|integer out of range",
                "abs(-9223372036854775807 - 1)|integer out of range",
                "int(1e30)|integer out of range",
                "int(-1e30)|integer out of range",
                "int(sqrt(-1))|integer out of range",
                "random_zipfian(1, 10, sqrt(-1))|from 1.001",
                "random_gaussian(1, 10, sqrt(-1))|at least 2.0",
                "random_exponential(1, 10, 1e400)|greater than 0",
            })
    void badValuesFailTheExecution(String expression, String message) {
        assertThatThrownBy(() -> eval(expression))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                ":nope + 1|unknown variable :nope",
                "rand(1, 2)|unknown function rand()",
                "random(1)|random() takes 2 arguments but was given 1",
                "hash()|hash() takes 1 or 2 arguments",
                "1 +|ends where a value was expected",
                "(1 + 2|missing ')'",
                "n + 1|variables are written :n",
                "1 2|unexpected '2'",
            })
    void badExpressionsAreRefusedWhenParsed(String expression, String message) {
        assertThatThrownBy(() -> Expression.parse(expression, Set.of("n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void anExpressionTooDeepToEvaluateOnAThreadsStack_isRefusedWhenParsed_notAtRunTime() {
        String chained = String.join(" + ", java.util.Collections.nCopies(10_000, "1"));
        String nested = "(".repeat(2_000) + "1" + ")".repeat(2_000);
        String signs = "-".repeat(5_000) + "1";
        for (String deep : List.of(chained, nested, signs)) {
            assertThatThrownBy(() -> Expression.parse(deep, Set.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nested more than 256 levels deep");
        }
        String wide = String.join(" + ", java.util.Collections.nCopies(200, "1"));
        assertThat(Expression.parse(wide, Set.of()).evaluate(null)).isEqualTo(200L);
    }
}
