package io.lockbench.harness.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * An expression of pgbench's {@code \set}: integer and double arithmetic ({@code + - * / %}, unary
 * minus, parentheses), {@code :variables} and pgbench's functions, with its semantics (integer
 * division truncates, the random distributions as pgbench draws them). Parsed once when the script
 * loads, evaluated per execution.
 */
public abstract sealed class Expression {

    /** The functions and how many arguments each takes (min, max; -1 for any number). */
    static final Map<String, int[]> FUNCTIONS = Map.ofEntries(
            Map.entry("abs", new int[] {1, 1}),
            Map.entry("int", new int[] {1, 1}),
            Map.entry("double", new int[] {1, 1}),
            Map.entry("least", new int[] {1, -1}),
            Map.entry("greatest", new int[] {1, -1}),
            Map.entry("mod", new int[] {2, 2}),
            Map.entry("sqrt", new int[] {1, 1}),
            Map.entry("pi", new int[] {0, 0}),
            Map.entry("random", new int[] {2, 2}),
            Map.entry("random_exponential", new int[] {3, 3}),
            Map.entry("random_gaussian", new int[] {3, 3}),
            Map.entry("random_zipfian", new int[] {3, 3}),
            Map.entry("hash", new int[] {1, 2}),
            Map.entry("hash_murmur2", new int[] {1, 2}),
            Map.entry("hash_fnv1a", new int[] {1, 2}));

    /** What an expression reads while it is evaluated: variables, the client's random source, the hash seed. */
    public interface Scope {
        Object variable(String name);

        SplittableRandom random();

        long hashSeed();
    }

    /** Evaluates to a {@link Long} or a {@link Double}; throws {@link ArithmeticException} on a bad value. */
    public abstract Number evaluate(Scope scope);

    /** Levels of the tree below and including this node; evaluation recurses this deep. */
    abstract int depth();

    /**
     * The deepest expression accepted: far beyond any written by hand, and shallow enough that neither
     * parsing nor evaluating it can overflow a thread's stack (10,000 chained {@code +} did, at run time).
     */
    static final int MAX_DEPTH = 256;

    /**
     * Parses {@code text}; {@code known} are the variables that exist at this point of the script.
     *
     * @throws IllegalArgumentException saying what is wrong, for the caller to place at its line
     */
    public static Expression parse(String text, Set<String> known) {
        Parser parser = new Parser(text, known);
        Expression e = parser.expression();
        parser.skipSpace();
        if (parser.pos < text.length()) {
            throw new IllegalArgumentException("unexpected '" + text.substring(parser.pos) + "' in expression");
        }
        return e;
    }

    private static final class Parser {
        final String text;
        final Set<String> known;
        int pos;

        /** How deep the parser has recursed into parentheses, signs and calls. */
        int nesting;

        Parser(String text, Set<String> known) {
            this.text = text;
            this.known = known;
        }

        <T extends Expression> T limited(T e) {
            if (e.depth() > MAX_DEPTH) {
                throw tooDeep();
            }
            return e;
        }

        static IllegalArgumentException tooDeep() {
            return new IllegalArgumentException(
                    "the expression is nested more than " + MAX_DEPTH + " levels deep; split it over several \\set");
        }

        void enter() {
            if (++nesting > MAX_DEPTH) {
                throw tooDeep();
            }
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        boolean eat(char c) {
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        Expression expression() {
            Expression left = term();
            while (true) {
                if (eat('+')) {
                    left = limited(new Binary('+', left, term()));
                } else if (eat('-')) {
                    left = limited(new Binary('-', left, term()));
                } else {
                    return left;
                }
            }
        }

        Expression term() {
            Expression left = unary();
            while (true) {
                if (eat('*')) {
                    left = limited(new Binary('*', left, unary()));
                } else if (eat('/')) {
                    left = limited(new Binary('/', left, unary()));
                } else if (eat('%')) {
                    left = limited(new Binary('%', left, unary()));
                } else {
                    return left;
                }
            }
        }

        Expression unary() {
            enter();
            try {
                if (eat('-')) {
                    return limited(new Binary('-', new Constant(0L), unary()));
                }
                if (eat('+')) {
                    return unary();
                }
                return primary();
            } finally {
                nesting--;
            }
        }

        Expression primary() {
            skipSpace();
            if (pos >= text.length()) {
                throw new IllegalArgumentException("expression ends where a value was expected");
            }
            char c = text.charAt(pos);
            if (eat('(')) {
                Expression inner = expression();
                if (!eat(')')) {
                    throw new IllegalArgumentException("missing ')' in expression");
                }
                return inner;
            }
            if (c == ':') {
                pos++;
                String name = identifier();
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("':' without a variable name");
                }
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown variable :" + name + " (set it with \\set before,"
                            + " or in params.vars; built in: :client_id, :scale, :default_seed)");
                }
                return new Variable(name);
            }
            if (Character.isDigit(c) || c == '.') {
                return number();
            }
            if (Character.isLetter(c) || c == '_') {
                String name = identifier().toLowerCase(Locale.ROOT);
                if (!eat('(')) {
                    throw new IllegalArgumentException("'" + name + "' is not a value: variables are written :" + name);
                }
                int[] arity = FUNCTIONS.get(name);
                if (arity == null) {
                    throw new IllegalArgumentException(
                            "unknown function " + name + "(); allowed: " + new java.util.TreeSet<>(FUNCTIONS.keySet()));
                }
                List<Expression> args = new ArrayList<>();
                if (!eat(')')) {
                    do {
                        args.add(expression());
                    } while (eat(','));
                    if (!eat(')')) {
                        throw new IllegalArgumentException("missing ')' after the arguments of " + name + "()");
                    }
                }
                if (args.size() < arity[0] || (arity[1] >= 0 && args.size() > arity[1])) {
                    throw new IllegalArgumentException(name + "() takes "
                            + (arity[0] == arity[1]
                                    ? Integer.toString(arity[0])
                                    : arity[1] < 0 ? "at least " + arity[0] : arity[0] + " or " + arity[1])
                            + " argument" + (arity[0] == 1 && arity[1] == 1 ? "" : "s") + " but was given "
                            + args.size());
                }
                return limited(new Call(name, List.copyOf(args)));
            }
            throw new IllegalArgumentException("unexpected '" + c + "' in expression");
        }

        String identifier() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            return text.substring(start, pos);
        }

        Expression number() {
            int start = pos;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
                pos++;
            }
            if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                pos++;
                if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                    pos++;
                }
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
            }
            String literal = text.substring(start, pos);
            try {
                return literal.contains(".") || literal.contains("e") || literal.contains("E")
                        ? new Constant(Double.parseDouble(literal))
                        : new Constant(Long.parseLong(literal));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + literal + "' is not a number");
            }
        }
    }

    static final class Constant extends Expression {
        private final Number value;

        Constant(Number value) {
            this.value = value;
        }

        @Override
        int depth() {
            return 1;
        }

        @Override
        public Number evaluate(Scope scope) {
            return value;
        }
    }

    static final class Variable extends Expression {
        private final String name;

        Variable(String name) {
            this.name = name;
        }

        @Override
        int depth() {
            return 1;
        }

        @Override
        public Number evaluate(Scope scope) {
            Object value = scope.variable(name);
            if (value instanceof Long || value instanceof Double) {
                return (Number) value;
            }
            if (value instanceof String text) {
                try {
                    return text.matches("[+-]?[0-9]+")
                            ? (Number) Long.parseLong(text)
                            : (Number) Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new ArithmeticException(":" + name + " is '" + text + "', not a number");
                }
            }
            throw new ArithmeticException(":" + name + " has no value");
        }
    }

    static final class Binary extends Expression {
        private final char op;
        private final Expression left;
        private final Expression right;
        private final int depth;

        Binary(char op, Expression left, Expression right) {
            this.op = op;
            this.left = left;
            this.right = right;
            this.depth = 1 + Math.max(left.depth(), right.depth());
        }

        @Override
        int depth() {
            return depth;
        }

        @Override
        public Number evaluate(Scope scope) {
            Number a = left.evaluate(scope);
            Number b = right.evaluate(scope);
            if (a instanceof Long x && b instanceof Long y) {
                return switch (op) {
                    case '+' -> Math.addExact(x, y);
                    case '-' -> Math.subtractExact(x, y);
                    case '*' -> Math.multiplyExact(x, y);
                    case '/' -> {
                        if (y == 0) {
                            throw new ArithmeticException("division by zero");
                        }
                        if (x == Long.MIN_VALUE && y == -1) {
                            throw new ArithmeticException("integer out of range: " + x + " / -1");
                        }
                        yield x / y;
                    }
                    default -> {
                        if (y == 0) {
                            throw new ArithmeticException("division by zero");
                        }
                        yield x % y;
                    }
                };
            }
            if (op == '%') {
                throw new ArithmeticException("% takes integers");
            }
            double x = a.doubleValue();
            double y = b.doubleValue();
            return switch (op) {
                case '+' -> x + y;
                case '-' -> x - y;
                case '*' -> x * y;
                default -> {
                    if (y == 0) {
                        throw new ArithmeticException("division by zero");
                    }
                    yield x / y;
                }
            };
        }
    }

    static final class Call extends Expression {
        private final String name;
        private final List<Expression> args;

        Call(String name, List<Expression> args) {
            this.name = name;
            this.args = args;
        }

        @Override
        int depth() {
            return 1 + args.stream().mapToInt(Expression::depth).max().orElse(0);
        }

        @Override
        public Number evaluate(Scope scope) {
            List<Number> v = new ArrayList<>(args.size());
            for (Expression arg : args) {
                v.add(arg.evaluate(scope));
            }
            return switch (name) {
                case "abs" ->
                    v.get(0) instanceof Long x
                            ? (Number) absolute(x)
                            : (Number) Math.abs(v.get(0).doubleValue());
                case "int" ->
                    v.get(0) instanceof Long x ? x : (Number) truncated(v.get(0).doubleValue());
                case "double" -> v.get(0).doubleValue();
                case "least", "greatest" -> extreme(v, name.equals("least"));
                case "mod" -> new Binary('%', new Constant(v.get(0)), new Constant(v.get(1))).evaluate(scope);
                case "sqrt" -> Math.sqrt(v.get(0).doubleValue());
                case "pi" -> Math.PI;
                case "random" -> Distributions.uniform(scope.random(), integer(v, 0), integer(v, 1));
                case "random_exponential" ->
                    Distributions.exponential(
                            scope.random(),
                            integer(v, 0),
                            integer(v, 1),
                            v.get(2).doubleValue());
                case "random_gaussian" ->
                    Distributions.gaussian(
                            scope.random(),
                            integer(v, 0),
                            integer(v, 1),
                            v.get(2).doubleValue());
                case "random_zipfian" ->
                    Distributions.zipfian(
                            scope.random(),
                            integer(v, 0),
                            integer(v, 1),
                            v.get(2).doubleValue());
                case "hash_fnv1a" -> Distributions.fnv1a(integer(v, 0), seed(v, scope));
                default -> Distributions.murmur2(integer(v, 0), seed(v, scope));
            };
        }

        private static long absolute(long x) {
            if (x == Long.MIN_VALUE) {
                throw new ArithmeticException("integer out of range: abs(" + x + ")");
            }
            return Math.abs(x);
        }

        /** pgbench's int(): a double outside the 64-bit range (or NaN) is an error, never a saturated value. */
        private static long truncated(double d) {
            // 2^63 is exact as a double; every double below it and at or above -2^63 truncates into range.
            if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
                throw new ArithmeticException("integer out of range: int(" + d + ")");
            }
            return (long) d;
        }

        private long integer(List<Number> v, int i) {
            if (v.get(i) instanceof Long x) {
                return x;
            }
            throw new ArithmeticException(name + "() takes integers but argument " + (i + 1) + " was " + v.get(i));
        }

        private long seed(List<Number> v, Scope scope) {
            return v.size() > 1 ? integer(v, 1) : scope.hashSeed();
        }

        private static Number extreme(List<Number> v, boolean least) {
            boolean doubles = v.stream().anyMatch(n -> n instanceof Double);
            Number best = v.get(0);
            for (Number n : v) {
                boolean better = doubles
                        ? (least ? n.doubleValue() < best.doubleValue() : n.doubleValue() > best.doubleValue())
                        : (least ? n.longValue() < best.longValue() : n.longValue() > best.longValue());
                if (better) {
                    best = n;
                }
            }
            return doubles ? (Number) best.doubleValue() : best;
        }
    }
}
