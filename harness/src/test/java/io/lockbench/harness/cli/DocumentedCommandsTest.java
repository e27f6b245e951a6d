package io.lockbench.harness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockbench.harness.ProcessTest;
import io.lockbench.harness.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The commands of the README and of {@code docs/}, as a reader would copy them. Every {@code ./lockbench}
 * command, in a code block or inline, is parsed by the real command line, and the scenario files it names
 * are loaded with its overrides, so no documented option, key or file can drift away. Code blocks whose
 * commands finish in seconds to a minute are then run as written, with bash, in order, in a directory of
 * their own where {@code ./lockbench} is the real launcher (wrapped to log each command's exit status) and
 * {@code scenarios/} the repository's: each command must run, and exit 0 (a {@code run} may exit 1 when a
 * machine too loaded for an {@code expect:} rule fails it). Sweeps run as written but with every point
 * shortened to two seconds; a server is started as written (on a free port), asked for {@code /healthz}
 * and stopped. Gates against a revision (which build it first, as {@code RevisionGateTest} does for real)
 * and the benchmarks, which run for many minutes, are parsed and loaded only.
 */
@ProcessTest
class DocumentedCommandsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** Subcommands that run for minutes or until stopped: not run by the code-block test. */
    private static final Set<String> NOT_RUN = Set.of("gate", "sweep", "serve", "bench");

    @TempDir
    Path dir;

    /** One code block or inline command, where it is written, and the lockbench commands in it. */
    record Documented(String where, String text, List<List<String>> commands, boolean block) {}

    static List<Documented> documented() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Documented> all = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            String name = ROOT.relativize(file).toString();
            StringBuilder block = null;
            int blockStart = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (block == null && line.matches("```(bash|sh)\\s*")) {
                    block = new StringBuilder();
                    blockStart = i + 1;
                } else if (block != null && line.startsWith("```")) {
                    List<List<String>> commands = commands(block.toString());
                    if (!commands.isEmpty()) {
                        all.add(new Documented(name + ":" + blockStart, block.toString(), commands, true));
                    }
                    block = null;
                } else if (block != null) {
                    block.append(line).append('\n');
                } else {
                    Matcher inline = Pattern.compile("`\\./lockbench ([^`]+)`").matcher(line);
                    while (inline.find()) {
                        String text = "./lockbench " + inline.group(1);
                        all.add(new Documented(name + ":" + (i + 1), text, commands(text), false));
                    }
                }
            }
        }
        return all;
    }

    /** The arguments of every {@code ./lockbench} command in shell text, split as bash would split them. */
    static List<List<String>> commands(String shell) {
        List<List<String>> commands = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String token : words(shell.replace("\\\n", " "))) {
            if (Set.of("&&", "||", ";", "|", "&", "\n").contains(token)) {
                add(commands, current);
                current = new ArrayList<>();
            } else {
                current.add(token);
            }
        }
        add(commands, current);
        return commands;
    }

    private static void add(List<List<String>> commands, List<String> words) {
        int i = 0;
        while (i < words.size() && words.get(i).matches("[A-Z_]+=.*")) {
            i++; // VAR=value before the command
        }
        if (i < words.size() && words.get(i).equals("./lockbench")) {
            commands.add(List.copyOf(words.subList(i + 1, words.size())));
        }
    }

    /** Shell words: quotes and backslashes as bash reads them; operators and newlines as words of their own. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '#' && word == null) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
                i--;
            } else if (c == '\'' || c == '"') {
                word = word == null ? new StringBuilder() : word;
                int end = text.indexOf(c, i + 1);
                word.append(text, i + 1, end);
                i = end;
            } else if (c == ' ' || c == '\t') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '\n' || c == ';' || c == '|' || c == '&') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                boolean doubled = i + 1 < text.length() && text.charAt(i + 1) == c && c != '\n' && c != ';';
                words.add(doubled ? "" + c + c : String.valueOf(c));
                i += doubled ? 1 : 0;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    @Test
    void theDocumentsHaveCommands_andTheyAreFoundAsBashSplitsThem() throws IOException {
        assertThat(words("a 'b c' \"d\" e # note\nf && g | h &"))
                .containsExactly("a", "b c", "d", "e", "\n", "f", "&&", "g", "|", "h", "&");
        assertThat(commands("X=1 ./lockbench run s.yaml --json | jq '.runs'\n./lockbench report r"))
                .containsExactly(List.of("run", "s.yaml", "--json"), List.of("report", "r"));
        List<Documented> all = documented();
        assertThat(all.stream().filter(Documented::block)).hasSizeGreaterThan(10);
        assertThat(all.stream().filter(d -> d.where().startsWith("README.md"))).hasSizeGreaterThan(5);
    }

    @Test
    void everyDocumentedCommandParses_andTheScenariosItNamesLoadWithItsOverrides() throws IOException {
        List<String> problems = new ArrayList<>();
        int parsed = 0;
        for (Documented d : documented()) {
            for (List<String> args : d.commands()) {
                parsed++;
                if (args.size() >= 2
                        && args.get(0).equals("bench")
                        && Set.of("jmh", "recording", "server").contains(args.get(1))) {
                    continue; // the benchmarks module's own command line, in another jar
                }
                try {
                    CommandLine.ParseResult result =
                            LockbenchCommand.commandLine().parseArgs(args.toArray(String[]::new));
                    assertThat(result.hasSubcommand())
                            .as(d.where() + ": " + args)
                            .isTrue();
                    loadScenarios(args);
                } catch (RuntimeException e) {
                    problems.add(d.where() + ": ./lockbench " + String.join(" ", args) + " -> " + e.getMessage());
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(parsed).as("documented commands").isGreaterThan(30);
    }

    /** Every scenario the command names, with its --set overrides and the first value of each --vary axis. */
    private static void loadScenarios(List<String> args) {
        List<String> overrides = new ArrayList<>();
        List<Path> scenarios = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (Set.of("--set", "--baseline-set", "--candidate-set").contains(arg)) {
                overrides.add(args.get(++i));
            } else if (arg.equals("--vary")) {
                String axis = args.get(++i);
                overrides.add(axis.substring(0, axis.indexOf('=') + 1)
                        + axis.substring(axis.indexOf('=') + 1).split(",", -1)[0]);
            } else if (arg.endsWith(".yaml") && arg.startsWith("scenarios/")) {
                scenarios.add(ROOT.resolve(arg));
            }
        }
        for (Path scenario : scenarios) {
            assertThat(scenario).exists();
            ScenarioLoader.load(scenario, overrides);
        }
    }

    @Test
    void everyCommandOfTheCommandLineHasItsRowInDocsCommands() throws IOException {
        String table = Files.readString(ROOT.resolve("docs/commands.md"));
        List<String> missing = new ArrayList<>();
        LockbenchCommand.commandLine().getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().usageMessage().hidden() || name.equals("help")) {
                return;
            }
            if (sub.getSubcommands().isEmpty() || name.equals("generate")) {
                if (!table.contains("| `" + name)) {
                    missing.add(name);
                }
            } else {
                sub.getSubcommands().keySet().stream()
                        .filter(child -> !table.contains("| `" + name + " " + child))
                        .forEach(child -> missing.add(name + " " + child));
            }
        });
        assertThat(missing).as("commands without a row in docs/commands.md").isEmpty();
    }

    @Test
    void everyDocumentedSweepRuns_withItsPointsShortened() throws Exception {
        Path work = reader();
        int sweeps = 0;
        for (Documented d : documented()) {
            for (List<String> args : d.commands()) {
                if (!args.get(0).equals("sweep")) {
                    continue;
                }
                List<String> shortened = new ArrayList<>(args);
                shortened.addAll(List.of("--set", "run.duration=2s", "--set", "run.warmup=0s", "--min-ops", "1"));
                Process sweep = new ProcessBuilder(launcherCommand(work, shortened))
                        .directory(work.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("sweep.out").toFile())
                        .start();
                assertThat(sweep.waitFor(10, TimeUnit.MINUTES)).as(d.where()).isTrue();
                assertThat(sweep.exitValue())
                        .as(d.where() + ":\n" + Files.readString(dir.resolve("sweep.out")))
                        .isZero();
                assertThat(Files.readString(dir.resolve("sweep.out"))).contains("Recommendation");
                sweeps++;
            }
        }
        assertThat(sweeps).isGreaterThanOrEqualTo(2);
    }

    @Test
    void everyDocumentedServerStartsAnswersAndStops() throws Exception {
        Path work = reader();
        int servers = 0;
        for (Documented d : documented()) {
            if (d.commands().stream().noneMatch(c -> c.get(0).equals("serve") && !c.contains("data/big.db"))) {
                continue; // no server, or the load test's, which reads a 780 MB store
            }
            for (List<String> args : d.commands()) {
                if (args.get(0).equals("generate")) {
                    Process generate = new ProcessBuilder(launcherCommand(work, args))
                            .directory(work.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("generate.out").toFile())
                            .start();
                    assertThat(generate.waitFor(5, TimeUnit.MINUTES)).isTrue();
                }
                if (!args.get(0).equals("serve")) {
                    continue;
                }
                List<String> onAFreePort = new ArrayList<>(args);
                onAFreePort.addAll(List.of("--port", "0"));
                Process serve = new ProcessBuilder(launcherCommand(work, onAFreePort))
                        .directory(work.toFile())
                        .redirectErrorStream(true)
                        .start();
                try {
                    java.io.BufferedReader out = new java.io.BufferedReader(
                            new java.io.InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
                    String line;
                    String url = null;
                    StringBuilder seen = new StringBuilder();
                    while (url == null && (line = out.readLine()) != null) {
                        seen.append(line).append('\n');
                        Matcher listening =
                                Pattern.compile("listening on (http://\\S+)").matcher(line);
                        url = listening.find() ? listening.group(1) : null;
                    }
                    assertThat(url).as(d.where() + ":\n" + seen).isNotNull();
                    java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient()
                            .send(
                                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "/healthz"))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString());
                    assertThat(health.statusCode()).as(d.where()).isEqualTo(200);
                } finally {
                    serve.destroy();
                    assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
                }
                servers++;
            }
        }
        assertThat(servers).isPositive();
    }

    /** The launcher run directly (not through bash), with a directory of its own as the reader's. */
    private static List<String> launcherCommand(Path work, List<String> args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("lockbench").toString()));
        command.addAll(args);
        return command;
    }

    /**
     * A reader's directory: the repository's scenarios, nothing else. Above all no {@code mvnw}: the
     * README's quick start also says {@code ./mvnw -B verify}, which must not start this build again.
     */
    private Path reader() throws IOException {
        Path work = Files.createDirectories(dir.resolve("reader"));
        if (!Files.exists(work.resolve("scenarios"))) {
            Files.createSymbolicLink(work.resolve("scenarios"), ROOT.resolve("scenarios"));
        }
        return work;
    }

    @Test
    void theCodeBlocksThatFinishInAMinuteRunAsWritten() throws Exception {
        Path work = reader();
        Path log = dir.resolve("commands.log");
        Path wrapper = work.resolve("lockbench");
        Files.writeString(
                wrapper,
                String.join(
                        "\n",
                        "#!/usr/bin/env bash",
                        "\"" + ROOT.resolve("lockbench") + "\" \"$@\"",
                        "rc=$?",
                        "printf '%s\\t%s\\n' \"$rc\" \"$*\" >> \"" + log + "\"",
                        "exit $rc",
                        ""),
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        // "Your application" of the README's third job: a database and a program that writes to it.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("app.db"));
                Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY, payload TEXT)");
        }
        Files.writeString(work.resolve("load.py"), """
                import sqlite3, time
                db = sqlite3.connect("app.db", isolation_level=None, timeout=10)
                for i in range(20):
                    db.execute("BEGIN IMMEDIATE")
                    db.execute("INSERT INTO jobs (payload) VALUES (?)", ("job %d" % i,))
                    time.sleep(0.02)
                    db.execute("COMMIT")
                """);

        List<String> problems = new ArrayList<>();
        int expected = 0;
        for (Documented d : documented()) {
            if (!d.block() || d.commands().stream().anyMatch(c -> c.isEmpty() || NOT_RUN.contains(c.get(0)))) {
                continue;
            }
            if (d.commands().stream()
                    .anyMatch(c -> c.indexOf("--sessions") >= 0
                            && Integer.parseInt(c.get(c.indexOf("--sessions") + 1)) >= 1000)) {
                continue; // the HTTP API's load test, which generates 780 MB first
            }
            Files.deleteIfExists(log);
            Process bash = new ProcessBuilder("bash", "-c", d.text())
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("block.out").toFile())
                    .start();
            assertThat(bash.waitFor(10, TimeUnit.MINUTES)).as(d.where()).isTrue();
            List<String> ran = Files.exists(log) ? Files.readAllLines(log) : List.of();
            expected += d.commands().size();
            if (ran.size() != d.commands().size()) {
                problems.add(d.where() + ": " + d.commands().size() + " commands, " + ran.size() + " ran:\n"
                        + Files.readString(dir.resolve("block.out")));
            }
            for (String entry : ran) {
                String[] rcAndArgs = entry.split("\t", 2);
                boolean run = rcAndArgs[1].startsWith("run ");
                if (!rcAndArgs[0].equals("0") && !(run && rcAndArgs[0].equals("1"))) {
                    problems.add(d.where() + ": ./lockbench " + rcAndArgs[1] + " exited " + rcAndArgs[0] + ":\n"
                            + Files.readString(dir.resolve("block.out")));
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(expected).as("commands run").isGreaterThan(10);
    }
}
