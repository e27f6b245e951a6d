package io.lockbench.harness.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockbench.harness.catalog.CatalogSeed;
import io.lockbench.harness.sql.ScriptException;
import io.lockbench.harness.sql.ScriptParser;
import io.lockbench.harness.sql.ScriptWorkload;
import io.lockbench.harness.sql.SqlScript;
import io.lockbench.harness.workload.Param;
import io.lockbench.harness.workload.WorkloadType;
import io.lockbench.store.config.ConfigChoice;
import io.lockbench.store.config.InvalidConfigException;
import io.lockbench.store.config.NearestNames;
import io.lockbench.store.config.Settings;
import io.lockbench.store.config.StoreConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a scenario file, applies {@code key=value} overrides, and validates everything once: an
 * unknown key, a wrong type or an out-of-range value fails with the key, its {@code file:line} (or
 * {@code --set}) and what is allowed.
 */
public final class ScenarioLoader {

    static final int MAX_THREADS = 256;
    private static final Pattern DIRECTORY_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");
    static final int MAX_PROCESSES = 16;
    private static final Set<String> TOP = Set.of("name", "description", "store", "seed", "run", "workloads", "server");

    private final YamlDocument document;
    private final Set<String> overridden = new HashSet<>();

    private ScenarioLoader(YamlDocument document) {
        this.document = document;
    }

    /**
     * True for names that can name a directory under results/ and nothing else: up to 100 letters,
     * digits, '.', '-' and '_', not starting with '.', so never a path or a parent reference.
     */
    public static boolean isDirectoryName(String name) {
        return DIRECTORY_NAME.matcher(name).matches();
    }

    public static Scenario load(Path file, List<String> overrides) {
        ScenarioLoader loader = new ScenarioLoader(YamlDocument.read(file));
        List<String> canonical =
                overrides.stream().map(ScenarioLoader::canonical).toList();
        for (String override : canonical) {
            loader.override(override);
        }
        return loader.scenario(canonical);
    }

    /**
     * {@code batch_size=10}, the spelling of {@code import} and {@code serve}, as {@code
     * store.batch_size=10}: a bare store setting means the store section, so {@code --set} is written
     * one way everywhere.
     */
    static String canonical(String assignment) {
        int eq = assignment.indexOf('=');
        String key = eq <= 0 ? "" : assignment.substring(0, eq).trim();
        return !key.contains(".") && Settings.find(key).isPresent()
                ? StoreConfig.SCENARIO_SECTION + assignment.strip()
                : assignment;
    }

    /**
     * Writes {@code file} to {@code copy} without the keys only a gate reads ({@code workloads[].gate}),
     * so that a lockbench build older than them can run the blocks of the same scenario.
     *
     * @return whether there was anything to leave out (nothing is written when there was not)
     */
    public static boolean writeWithoutGateKeys(Path file, Path copy) throws IOException {
        YamlDocument document = YamlDocument.read(file);
        boolean changed = false;
        JsonNode list = document.root.get("workloads");
        if (list != null && list.isArray()) {
            for (JsonNode w : list) {
                if (w.isObject() && ((ObjectNode) w).remove("gate") != null) {
                    changed = true;
                }
            }
        }
        if (changed) {
            // The copy lives elsewhere: the files it names must still be found where the original's are.
            absolutePaths(document.root, file.toAbsolutePath().getParent());
            Files.createDirectories(copy.toAbsolutePath().getParent());
            Files.writeString(copy, YamlDocument.MAPPER.writeValueAsString(document.root));
        }
        return changed;
    }

    /** The keys whose values name files relative to the scenario file. */
    private static final Set<String> FILE_KEYS = Set.of("script", "scripts", "schema", "from");

    /** Every file a scenario names (at any depth) made absolute against {@code base}. */
    private static void absolutePaths(JsonNode node, Path base) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                JsonNode value = object.get(name);
                if (FILE_KEYS.contains(name) && value.isTextual()) {
                    object.put(name, absolute(value.asText(), base));
                } else if (FILE_KEYS.contains(name) && value.isArray()) {
                    com.fasterxml.jackson.databind.node.ArrayNode list =
                            (com.fasterxml.jackson.databind.node.ArrayNode) value;
                    for (int i = 0; i < list.size(); i++) {
                        if (list.get(i).isTextual()) {
                            list.set(
                                    i,
                                    JsonNodeFactory.instance.textNode(
                                            absolute(list.get(i).asText(), base)));
                        }
                    }
                } else {
                    absolutePaths(value, base);
                }
            });
        } else if (node != null && node.isArray()) {
            node.forEach(item -> absolutePaths(item, base));
        }
    }

    private static String absolute(String name, Path base) {
        return name.isEmpty() || Path.of(name).isAbsolute()
                ? name
                : base.resolve(name).normalize().toString();
    }

    /**
     * {@code assignment} ({@code key=value}) with a file it names made absolute against the directory of
     * {@code scenario}, for blocks that run a copy of the scenario kept elsewhere.
     */
    public static String withAbsolutePath(String assignment, Path scenario) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            return assignment;
        }
        String key = assignment.substring(0, eq).trim();
        String last = key.substring(key.lastIndexOf('.') + 1);
        String value = assignment.substring(eq + 1).trim();
        if (!FILE_KEYS.contains(last) || value.isEmpty() || value.startsWith("[")) {
            return assignment;
        }
        return key + "=" + absolute(value, scenario.toAbsolutePath().getParent());
    }

    // ---- overrides ----

    private void override(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new ScenarioException(
                    "--set", assignment, "expected key=value, e.g. store.batch_size=10 or workloads.import.threads=2");
        }
        String key = assignment.substring(0, eq).trim();
        String text = assignment.substring(eq + 1).trim();
        JsonNode value;
        try {
            value = text.isEmpty() ? JsonNodeFactory.instance.textNode("") : YamlDocument.MAPPER.readTree(text);
        } catch (Exception e) {
            value = JsonNodeFactory.instance.textNode(text);
        }
        if (value.isIntegralNumber() && YamlDocument.otherBase(text, value.numberValue()) != null) {
            throw new ScenarioException("--set", key, YamlDocument.otherBase(text, value.numberValue()));
        }
        String[] parts = key.split("\\.", -1);
        ObjectNode node = (ObjectNode) document.root;
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            String part = parts[i];
            path.append(path.length() == 0 ? "" : ".").append(part);
            if (part.equals("workloads")) {
                String name = parts[++i];
                node = workload(name, key);
                path.append('.').append(name);
                continue;
            }
            JsonNode child = node.get(part);
            if (child == null || child.isNull()) {
                child = node.putObject(part);
            }
            if (!child.isObject()) {
                throw new ScenarioException("--set", key, "'" + path + "' is not a section");
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value);
        overridden.add(key);
    }

    private ObjectNode workload(String name, String key) {
        JsonNode list = document.root.get("workloads");
        if (list != null && list.isArray()) {
            for (JsonNode w : list) {
                if (w.isObject() && name.equals(w.path("name").asText(null))) {
                    return (ObjectNode) w;
                }
            }
        }
        List<String> names = new ArrayList<>();
        if (list != null) {
            list.forEach(w -> names.add(w.path("name").asText("?")));
        }
        throw new ScenarioException("--set", key, "no workload named '" + name + "'; workloads are " + names);
    }

    // ---- validation ----

    private Scenario scenario(List<String> overrides) {
        Section root = new Section((ObjectNode) document.root, "");
        String name = root.text("name", fileStem());
        if (!isDirectoryName(name)) {
            throw root.error(
                    "name",
                    "use up to 100 letters, digits, '.', '-' and '_' (it names the results directory) but was '" + name
                            + "'");
        }
        String description = root.text("description", "");
        Section storeSection = root.section("store");
        StoreConfig store = store(storeSection);
        Scenario.OwnTables ownTables = ownTables(storeSection);
        Scenario.Seed seed = seed(root.section("seed"));
        Scenario.RunSettings run = run(root.section("run"));
        List<WorkloadSpec> workloads = workloads(root);
        Scenario.Server server = server(root.section("server"));
        root.finish(TOP);
        checkSomethingIsMeasured(run, workloads);
        checkSeedCovers(seed, server, workloads);
        checkOverridesTakeEffect(overrides, seed, workloads);
        checkOwnTables(ownTables, seed, workloads, server);
        return new Scenario(
                name,
                description,
                document.file,
                store,
                seed,
                run,
                workloads,
                server,
                List.copyOf(overrides),
                ownTables);
    }

    private String fileStem() {
        String file = document.file.getFileName().toString();
        return file.replaceFirst("\\.ya?ml$", "");
    }

    private StoreConfig store(Section section) {
        StoreConfig config = StoreConfig.defaults(Path.of("lockbench.db"));
        if (section == null) {
            return config;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        section.node.properties().forEach(field -> {
            String key = field.getKey();
            if (key.equals(Settings.PATH.key())) {
                throw section.error(key, "the database path is chosen per run (see lockbench run --work)");
            }
            if (OWN_TABLE_KEYS.contains(key)) {
                return;
            }
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw section.error(key, "expected a single value");
            }
            values.put(
                    key,
                    value.isNumber() ? value.numberValue() : value.isBoolean() ? value.booleanValue() : value.asText());
        });
        try {
            return config.withAll(values);
        } catch (InvalidConfigException e) {
            throw new ScenarioException(section.where(e.key()), "store." + e.key(), e.problem());
        }
    }

    private Scenario.Seed seed(Section section) {
        if (section == null) {
            return new Scenario.Seed(null, null, null);
        }
        CatalogSeed catalog = null;
        Section c = section.section("catalog");
        if (c != null) {
            catalog = new CatalogSeed(
                    c.integer("sources", 5, 1, CatalogSeed.MAX_SOURCES),
                    c.integer("entries_per_source", 100, 1, CatalogSeed.MAX_ENTRIES_PER_SOURCE),
                    c.integer("executions", 20, 0, CatalogSeed.MAX_EXECUTIONS),
                    c.integer("steps_per_execution", 8, 1, CatalogSeed.MAX_STEPS));
            c.finish(Set.of("sources", "entries_per_source", "executions", "steps_per_execution"));
        }
        Scenario.SessionCorpus sessions = null;
        Section s = section.section("sessions");
        if (s != null) {
            sessions = new Scenario.SessionCorpus(
                    s.integer("sessions", 20, 1, 100_000),
                    s.integer("turns", 30, 1, 10_000),
                    s.integer("seed", 7, 0, Integer.MAX_VALUE));
            s.finish(Set.of("sessions", "turns", "seed"));
        }
        Scenario.SqlFill sql = null;
        Section q = section.section("sql");
        if (q != null) {
            Path file = scriptFile(q, q.required("script"), "script");
            sql = new Scenario.SqlFill(
                    script(q, "script", file, 1, Set.of()), q.integer("executions", 1, 1, 10_000_000));
            q.finish(Set.of("script", "executions"));
        }
        section.finish(Set.of("catalog", "sessions", "sql"));
        return new Scenario.Seed(catalog, sessions, sql);
    }

    private Scenario.Server server(Section section) {
        if (section == null) {
            return null;
        }
        String start = section.text("start", "false");
        if (!start.equals("true") && !start.equals("false")) {
            throw section.error("start", "expected true or false but was '" + start + "'");
        }
        String url = section.text("url", null);
        section.finish(Set.of("start", "url"));
        if (start.equals("true") == (url != null)) {
            throw section.error(
                    url == null ? "start" : "url",
                    "give either start: true (the run starts lockbench serve on its database) or url: http://host:port"
                            + " (a server that is already running), not both");
        }
        if (url == null) {
            return new Scenario.Server(true, null);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || uri.getHost() == null) {
            throw section.error(
                    "url",
                    "expected an http:// or https:// URL with a host, e.g. http://127.0.0.1:8080, but was '" + url
                            + "'");
        }
        return new Scenario.Server(false, uri);
    }

    private Scenario.RunSettings run(Section section) {
        Section s = section == null ? new Section(JsonNodeFactory.instance.objectNode(), "run") : section;
        Duration duration = s.duration("duration", Duration.ofSeconds(10), Duration.ofMillis(1));
        Duration warmup = s.duration("warmup", Duration.ZERO, Duration.ZERO);
        Duration sampleInterval = s.duration("sample_interval", Duration.ofSeconds(1), Duration.ofMillis(10));
        Duration timeLimit = s.duration("time_limit", Duration.ofMinutes(10), Duration.ofSeconds(1));
        int minOperations = s.integer("min_operations", 0, 0, 1_000_000);
        Duration maxDuration = s.duration("max_duration", null, Duration.ofMillis(1));
        s.finish(Set.of("duration", "warmup", "sample_interval", "time_limit", "min_operations", "max_duration"));
        if (maxDuration != null && minOperations == 0) {
            throw s.error("max_duration", "only means something with run.min_operations; set that too or remove it");
        }
        if (minOperations > 0) {
            if (maxDuration == null) {
                maxDuration = duration.multipliedBy(10);
            }
            if (maxDuration.compareTo(duration) < 0) {
                throw s.error(
                        "max_duration",
                        "must be at least run.duration (" + Durations.format(duration) + ") but was "
                                + Durations.format(maxDuration));
            }
            if (maxDuration.compareTo(timeLimit) >= 0) {
                throw s.error(
                        "max_duration",
                        "must be shorter than run.time_limit (" + Durations.format(timeLimit) + ") but was "
                                + Durations.format(maxDuration));
            }
        }
        return new Scenario.RunSettings(
                duration, warmup, sampleInterval, timeLimit, minOperations, minOperations > 0 ? maxDuration : duration);
    }

    private List<WorkloadSpec> workloads(Section root) {
        JsonNode list = root.node.get("workloads");
        root.used.add("workloads");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new ScenarioException(
                    document.where("workloads"), "workloads", "expected a list of at least one workload");
        }
        List<WorkloadSpec> workloads = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "workloads[" + i + "]";
            if (!list.get(i).isObject()) {
                throw new ScenarioException(
                        document.where(path), path, "expected a mapping with name, type, threads, ...");
            }
            WorkloadSpec spec = workload(new Section((ObjectNode) list.get(i), path));
            if (!names.add(spec.name())) {
                throw new ScenarioException(
                        document.where(path + ".name"),
                        path + ".name",
                        "duplicate workload name '" + spec.name() + "'");
            }
            workloads.add(spec);
        }
        return List.copyOf(workloads);
    }

    /**
     * A run whose warm-up covers its whole duration, or an open-loop workload whose schedule puts no
     * operation after the warm-up and before the end, would measure nothing and still look like a result.
     */
    private void checkSomethingIsMeasured(Scenario.RunSettings run, List<WorkloadSpec> workloads) {
        if (run.warmup().compareTo(run.duration()) >= 0) {
            throw new ScenarioException(
                    document.where("run.warmup"),
                    "run.warmup",
                    "must be shorter than run.duration (" + Durations.format(run.duration())
                            + ") or nothing is measured, but was " + Durations.format(run.warmup()));
        }
        for (int i = 0; i < workloads.size(); i++) {
            WorkloadSpec w = workloads.get(i);
            if (w.openLoop() && !schedulesInside(w, run)) {
                String key = "workloads[" + i + "].rate";
                throw new ScenarioException(
                        document.where(key),
                        "workloads." + w.name() + ".rate",
                        "at " + w.rate()
                                + " operations/s over " + w.totalThreads()
                                + " threads no operation is scheduled between the end of the"
                                + " warm-up and the end of the workload's duration; raise the rate or the duration");
            }
        }
    }

    /**
     * Every workload finds what it needs in the seed, and no parameter asks for more than the seed makes:
     * checked here, before anything is created, rather than after the database was seeded, and refused
     * rather than quietly reduced.
     */
    private void checkSeedCovers(Scenario.Seed seed, Scenario.Server server, List<WorkloadSpec> workloads) {
        for (int i = 0; i < workloads.size(); i++) {
            WorkloadSpec w = workloads.get(i);
            String where = document.where("workloads[" + i + "]");
            String key = "workloads." + w.name();
            String type = w.type().configName();
            CatalogSeed catalog = seed.catalog();
            switch (w.type().needs()) {
                case CATALOG, EXECUTIONS -> {
                    if (catalog == null) {
                        throw new ScenarioException(
                                where,
                                key,
                                type + " needs a catalog: add seed.catalog with sources and entries_per_source");
                    }
                    if (w.type().needs() == WorkloadType.Needs.EXECUTIONS && catalog.executions() == 0) {
                        throw new ScenarioException(where, key, type + " needs seed.catalog.executions > 0");
                    }
                }
                case SERVER -> {
                    if (server == null) {
                        throw new ScenarioException(
                                where,
                                key,
                                type
                                        + " calls the HTTP API: add server: {start: true} or server: {url: http://host:port}");
                    }
                }
                case TRANSCRIPTS -> {
                    if (seed.sessions() == null) {
                        throw new ScenarioException(
                                where, key, type + " needs transcripts: add seed.sessions with sessions and turns");
                    }
                }
                case NOTHING -> {}
            }
            if (w.type() == WorkloadType.IMPORT_ARTIFACTS && w.intParam("artifacts") > catalog.entriesPerSource()) {
                throw new ScenarioException(
                        document.where("workloads[" + i + "].params.artifacts"),
                        key + ".params.artifacts",
                        "must be at most seed.catalog.entries_per_source (" + catalog.entriesPerSource() + ") but was "
                                + w.intParam("artifacts"));
            }
            if (w.type() == WorkloadType.IMPORT_SESSIONS
                    && w.intParam("files") > seed.sessions().sessions()) {
                throw new ScenarioException(
                        document.where("workloads[" + i + "].params.files"),
                        key + ".params.files",
                        "must be at most seed.sessions.sessions ("
                                + seed.sessions().sessions() + ") but was " + w.intParam("files"));
            }
        }
    }

    /**
     * An override of a store key that only imports read, where nothing reads it, would change nothing;
     * a comparison or sweep built on it would measure noise and call it a result. Refused, naming the
     * workloads that decide instead.
     */
    private void checkOverridesTakeEffect(List<String> overrides, Scenario.Seed seed, List<WorkloadSpec> workloads) {
        for (String override : overrides) {
            int eq = override.indexOf('=');
            String key = override.substring(0, eq).trim();
            if (!key.startsWith("store.")) {
                continue;
            }
            String storeKey = key.substring("store.".length());
            List<String> readers = new ArrayList<>();
            List<String> shadowing = new ArrayList<>();
            for (WorkloadSpec w : workloads) {
                switch (importReads(w, storeKey)) {
                    case READS -> readers.add(w.name());
                    case OWN_PARAM -> shadowing.add(w.name());
                    case IGNORES -> {}
                }
            }
            boolean onlyImportsRead = storeKey.equals(Settings.BATCH_SIZE.key())
                    || storeKey.equals(Settings.IMPORT_STRATEGY.key())
                    || storeKey.equals(Settings.USAGE_POLICY.key());
            // The usage policy decides what the seeded transcripts count, which every reader then sees.
            boolean seedReads = storeKey.equals(Settings.USAGE_POLICY.key()) && seed.sessions() != null;
            if (!onlyImportsRead || !readers.isEmpty() || seedReads) {
                continue;
            }
            String problem = shadowing.isEmpty()
                    ? "has no effect: only imports read it and no workload imports"
                            + (storeKey.equals(Settings.BATCH_SIZE.key()) ? "" : " sessions")
                    : "has no effect: every workload that would read it sets its own params." + storeKey + " ("
                            + String.join(", ", shadowing) + "); set workloads." + shadowing.get(0) + ".params."
                            + storeKey + " instead";
            throw new ScenarioException("--set " + override, key, problem);
        }
    }

    private enum Reads {
        READS,
        OWN_PARAM,
        IGNORES
    }

    /** Whether workload {@code w} reads store key {@code key} (one of the import-only keys) or overrides it with a param. */
    private static Reads importReads(WorkloadSpec w, String key) {
        if (w.type() == WorkloadType.IMPORT_SESSIONS) {
            return Reads.READS;
        }
        if (w.type() == WorkloadType.IMPORT_ARTIFACTS && key.equals(Settings.BATCH_SIZE.key())) {
            return w.params().get("batch_size") == null ? Reads.READS : Reads.OWN_PARAM;
        }
        return Reads.IGNORES;
    }

    /** Whether any thread of an open-loop workload has an intended start inside the measured window. */
    static boolean schedulesInside(WorkloadSpec w, Scenario.RunSettings run) {
        double pace = w.totalThreads() / w.rate();
        double start = w.start().toNanos() / 1e9;
        double end = start + (w.duration() != null ? w.duration() : run.workloadDuration()).toNanos() / 1e9;
        double from = Math.max(start, run.warmup().toNanos() / 1e9);
        for (int t = 0; t < w.totalThreads(); t++) {
            double first = start + t * w.skew().toNanos() / 1e9 + pace * t / w.totalThreads();
            double next = first >= from ? first : first + Math.ceil((from - first) / pace) * pace;
            if (next < end) {
                return true;
            }
        }
        return false;
    }

    private WorkloadSpec workload(Section w) {
        String typeName = w.required("type");
        WorkloadType type = ConfigChoice.find(WorkloadType.class, typeName)
                .orElseThrow(() -> w.error("type", ConfigChoice.notAChoice(WorkloadType.class, typeName)));
        String name = w.text("name", type.configName());
        if (!name.matches("[A-Za-z0-9_-]+")) {
            throw w.error(
                    "name", "use letters, digits, '-' and '_' only (it names result files) but was '" + name + "'");
        }
        int threads = w.integer("threads", 1, 1, MAX_THREADS);
        int processes = w.integer("processes", 0, 0, MAX_PROCESSES);
        double rate = w.number("rate", 0, 0, 1_000_000);
        Duration start = w.duration("start", Duration.ZERO, Duration.ZERO);
        Duration skew = w.duration("skew", Duration.ZERO, Duration.ZERO);
        Duration duration = w.has("duration") ? w.duration("duration", null, Duration.ofMillis(1)) : null;
        long operations = w.integer("operations", 0, 0, Integer.MAX_VALUE);
        Duration think = w.duration("think", Duration.ZERO, Duration.ZERO);
        if (rate > 0 && think.compareTo(Duration.ZERO) > 0) {
            throw w.error("think", "a workload with a target rate paces itself; remove think or rate");
        }
        Map<String, Object> params = params(w.section("params"), type, w.path + ".params");
        Expectations expect = expectations(w.section("expect"));
        List<String> gate = w.subset("gate", WorkloadSpec.GATE_METRICS);
        w.finish(Set.of(
                "name",
                "type",
                "threads",
                "processes",
                "rate",
                "start",
                "skew",
                "duration",
                "operations",
                "think",
                "params",
                "expect",
                "gate"));
        return new WorkloadSpec(
                name, type, threads, processes, rate, start, skew, duration, operations, think, params, expect, gate);
    }

    /** The keys of the store section that are not store settings: where the run's tables come from. */
    private static final Set<String> OWN_TABLE_KEYS = Set.of("schema", "from");

    private Scenario.OwnTables ownTables(Section section) {
        if (section == null) {
            return null;
        }
        Path schema = section.has("schema") ? scriptFile(section, section.text("schema", null), "schema") : null;
        if (schema != null) {
            try {
                ScriptParser.checkSchema(schema);
            } catch (ScriptException e) {
                throw new ScenarioException(e.where(), section.key("schema"), e.problem());
            }
        }
        Path from = null;
        if (section.has("from")) {
            from = resolve(section.text("from", null));
            if (!Files.isRegularFile(from)) {
                throw section.error("from", "no SQLite database file at " + from);
            }
        }
        return schema == null && from == null ? null : new Scenario.OwnTables(schema, from);
    }

    private void checkOwnTables(
            Scenario.OwnTables own, Scenario.Seed seed, List<WorkloadSpec> workloads, Scenario.Server server) {
        boolean sql = workloads.stream().anyMatch(w -> w.type() == WorkloadType.SQL);
        if (own == null) {
            return;
        }
        String why = "a run with store.schema or store.from has the tables of its own only, not lockbench's";
        if (seed.catalog() != null) {
            throw new ScenarioException(
                    document.where("seed.catalog"), "seed.catalog", "needs lockbench's tables; " + why);
        }
        if (seed.sessions() != null) {
            throw new ScenarioException(
                    document.where("seed.sessions"), "seed.sessions", "needs lockbench's tables; " + why);
        }
        if (server != null) {
            throw new ScenarioException(document.where("server"), "server", "serves lockbench's tables; " + why);
        }
        for (int i = 0; i < workloads.size(); i++) {
            WorkloadSpec w = workloads.get(i);
            if (w.type() != WorkloadType.SQL && w.type() != WorkloadType.NOOP) {
                throw new ScenarioException(
                        document.where("workloads[" + i + "].type"),
                        "workloads." + w.name() + ".type",
                        w.type().configName() + " works on lockbench's tables; " + why + " (use type: sql)");
            }
        }
        if (!sql) {
            throw new ScenarioException(
                    document.where("workloads"),
                    "workloads",
                    "store.schema or store.from without a sql workload measures nothing");
        }
    }

    /** A {@code sql} workload's params: its scripts, batch size, read path and variables, all checked now. */
    private Map<String, Object> sqlParams(Section s) {
        Map<String, String> vars = new LinkedHashMap<>();
        Section v = s.section("vars");
        if (v != null) {
            v.node.properties().forEach(field -> {
                String name = field.getKey();
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw v.error(name, "not a variable name (letters, digits and '_')");
                }
                if (name.equals("client_id") || name.equals("default_seed")) {
                    throw v.error(name, ":" + name + " is built in and cannot be set");
                }
                if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                    throw v.error(name, "expected a single value");
                }
                vars.put(name, field.getValue().asText());
            });
            v.finish(vars.keySet());
        }
        int batchSize = s.integer("batch_size", 1, 1, 1_000_000);
        boolean readOnly = s.bool("read_only", false);
        boolean bulk = s.bool("bulk", false);
        List<SqlScript> scripts = new ArrayList<>();
        if (s.has("script") == s.has("scripts")) {
            throw s.error(
                    s.has("script") ? "scripts" : "script", "give either script: FILE or scripts: [FILE@WEIGHT, ...]");
        }
        if (s.has("script")) {
            String file = s.text("script", null);
            scripts.add(script(s, "script", scriptFile(s, file, "script"), 1, vars.keySet()));
        } else {
            JsonNode list = s.node.get("scripts");
            if (!list.isArray() || list.isEmpty()) {
                throw s.error("scripts", "expected a list of script files, each optionally with @weight");
            }
            s.used.add("scripts");
            for (JsonNode item : list) {
                String text = item.asText();
                int at = text.lastIndexOf('@');
                int weight = 1;
                if (at > 0) {
                    String w = text.substring(at + 1);
                    if (!w.matches("[0-9]{1,6}") || Integer.parseInt(w) < 1) {
                        throw s.error("scripts", "'" + text + "': a weight is a whole number from 1 to 999999");
                    }
                    weight = Integer.parseInt(w);
                    text = text.substring(0, at);
                }
                scripts.add(script(s, "scripts", scriptFile(s, text, "scripts"), weight, vars.keySet()));
            }
        }
        boolean own = scripts.get(0).hasOwnTransaction();
        for (SqlScript script : scripts) {
            if (script.hasOwnTransaction() != own) {
                throw s.error(
                        "scripts",
                        "mixes scripts with their own BEGIN … COMMIT and scripts without: a workload's transactions are"
                                + " either the scripts' own or batches of params.batch_size executions");
            }
        }
        if (own && batchSize != 1) {
            throw s.error(
                    "batch_size", "must be 1 for scripts with their own BEGIN … COMMIT (each is one transaction)");
        }
        if (readOnly && batchSize != 1) {
            throw s.error("batch_size", "must be 1 with read_only: each execution reads one snapshot");
        }
        s.finish(Set.of("script", "scripts", "batch_size", "read_only", "vars", "bulk"));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(ScriptWorkload.KEY, new ScriptWorkload(scripts, batchSize, readOnly, vars, bulk));
        values.put("batch_size", batchSize);
        return Collections.unmodifiableMap(values);
    }

    /** A script file named in {@code section.field}, relative to the scenario file, which must exist. */
    private Path scriptFile(Section section, String name, String field) {
        if (name == null || name.isBlank()) {
            throw section.error(field, "expected a file name");
        }
        Path file = resolve(name);
        if (!Files.isRegularFile(file)) {
            throw section.error(field, "no such file: " + file);
        }
        return file;
    }

    private Path resolve(String name) {
        Path base = document.file.toAbsolutePath().getParent();
        return base == null ? Path.of(name) : base.resolve(name).normalize();
    }

    private SqlScript script(Section section, String field, Path file, int weight, Set<String> vars) {
        try {
            return ScriptParser.read(file, weight, vars);
        } catch (ScriptException e) {
            throw new ScenarioException(e.where(), section.key(field), e.problem());
        }
    }

    private Map<String, Object> params(Section section, WorkloadType type, String path) {
        Map<String, Object> values = new LinkedHashMap<>();
        Section s = section == null ? new Section(JsonNodeFactory.instance.objectNode(), path) : section;
        if (type == WorkloadType.SQL) {
            return sqlParams(s);
        }
        Set<String> allowed = new TreeSet<>();
        for (Param p : type.params()) {
            allowed.add(p.name());
            switch (p.kind()) {
                case INTEGER ->
                    values.put(
                            p.name(),
                            s.has(p.name()) ? (Object) s.integer(p.name(), 0, p.min(), p.max()) : p.defaultValue());
                case DURATION -> values.put(p.name(), s.duration(p.name(), (Duration) p.defaultValue(), Duration.ZERO));
                case CHOICE -> {
                    String value = s.text(p.name(), (String) p.defaultValue());
                    if (!p.choices().contains(value)) {
                        throw s.error(p.name(), "expected one of " + p.choices() + " but was '" + value + "'");
                    }
                    values.put(p.name(), value);
                }
            }
        }
        if (allowed.isEmpty() && s.node.size() > 0) {
            throw s.error(s.node.fieldNames().next(), "workload type " + type.configName() + " takes no params");
        }
        s.finish(allowed);
        return Collections.unmodifiableMap(values);
    }

    private Expectations expectations(Section s) {
        if (s == null) {
            return Expectations.NONE;
        }
        Expectations e = new Expectations(
                s.has("max_p99") ? s.duration("max_p99", null, Duration.ZERO) : null,
                s.has("max_lock_wait_p99") ? s.duration("max_lock_wait_p99", null, Duration.ZERO) : null,
                s.has("max_busy") ? (long) s.integer("max_busy", 0, 0, Integer.MAX_VALUE) : null,
                s.has("max_errors") ? (long) s.integer("max_errors", 0, 0, Integer.MAX_VALUE) : null,
                s.has("max_inconsistent") ? (long) s.integer("max_inconsistent", 0, 0, Integer.MAX_VALUE) : null,
                s.has("max_finish_spread") ? s.duration("max_finish_spread", null, Duration.ZERO) : null);
        s.finish(Set.of(
                "max_p99", "max_lock_wait_p99", "max_busy", "max_errors", "max_inconsistent", "max_finish_spread"));
        return e;
    }

    /** A mapping being validated: remembers which keys were read so leftovers are reported. */
    private final class Section {
        final ObjectNode node;
        final String path;
        final Set<String> used = new HashSet<>();

        Section(ObjectNode node, String path) {
            this.node = node;
            this.path = path;
        }

        String key(String field) {
            return path.isEmpty() ? field : path + "." + field;
        }

        /** {@code --set key} when an override put the value there, else {@code file:line}. */
        String where(String field) {
            String key = key(field);
            for (String o : overridden) {
                if (o.equals(key) || namedPath(o).equals(key)) {
                    return "--set " + o;
                }
            }
            return document.where(key);
        }

        /** {@code workloads.import.threads} → {@code workloads[n].threads} for comparison. */
        private String namedPath(String override) {
            if (!override.startsWith("workloads.")) {
                return override;
            }
            String[] parts = override.split("\\.", 3);
            JsonNode list = document.root.get("workloads");
            for (int i = 0; list != null && i < list.size(); i++) {
                if (parts.length > 2 && parts[1].equals(list.get(i).path("name").asText(null))) {
                    return "workloads[" + i + "]." + parts[2];
                }
            }
            return override;
        }

        ScenarioException error(String field, String problem) {
            return new ScenarioException(where(field), key(field), problem);
        }

        boolean has(String field) {
            JsonNode v = node.get(field);
            return v != null && !v.isNull();
        }

        Section section(String field) {
            used.add(field);
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isObject()) {
                throw error(field, "expected a mapping of keys to values");
            }
            return new Section((ObjectNode) v, key(field));
        }

        /** A list of distinct values from {@code allowed}, in {@code allowed}'s order; all of them when absent. */
        List<String> subset(String field, List<String> allowed) {
            used.add(field);
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return allowed;
            }
            if (!v.isArray()) {
                throw error(field, "expected a list drawn from " + allowed + ", e.g. [" + allowed.get(0) + "]");
            }
            Set<String> chosen = new HashSet<>();
            for (JsonNode element : v) {
                String value = element.isValueNode() ? element.asText() : String.valueOf(element);
                if (!allowed.contains(value) || !chosen.add(value)) {
                    throw error(
                            field,
                            (chosen.contains(value) && allowed.contains(value)
                                            ? "lists '" + value + "' twice"
                                            : "'" + value + "' is not one of " + allowed)
                                    + "; expected a list drawn from " + allowed);
                }
            }
            return allowed.stream().filter(chosen::contains).toList();
        }

        String required(String field) {
            if (!has(field)) {
                throw error(field, "is required");
            }
            return text(field, null);
        }

        boolean bool(String field, boolean defaultValue) {
            String text = text(field, null);
            if (text == null) {
                return defaultValue;
            }
            if (text.equalsIgnoreCase("true")) {
                return true;
            }
            if (text.equalsIgnoreCase("false")) {
                return false;
            }
            throw error(field, "expected true or false but was '" + text + "'");
        }

        String text(String field, String defaultValue) {
            used.add(field);
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return defaultValue;
            }
            if (!v.isValueNode()) {
                throw error(field, "expected a single value");
            }
            return v.asText();
        }

        int integer(String field, int defaultValue, long min, long max) {
            used.add(field);
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return defaultValue;
            }
            if (!v.canConvertToLong() || !v.isIntegralNumber()) {
                throw error(
                        field,
                        "expected a whole number between " + min + " and " + max + " but was '" + v.asText() + "'");
            }
            long value = v.asLong();
            if (value < min || value > max) {
                throw error(field, "must be between " + min + " and " + max + " but was " + value);
            }
            return (int) value;
        }

        double number(String field, double defaultValue, double min, double max) {
            used.add(field);
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return defaultValue;
            }
            if (!v.isNumber()) {
                throw error(
                        field, "expected a number between " + min + " and " + max + " but was '" + v.asText() + "'");
            }
            double value = v.asDouble();
            if (value < min || value > max) {
                throw error(field, "must be between " + min + " and " + max + " but was " + value);
            }
            return value;
        }

        Duration duration(String field, Duration defaultValue, Duration min) {
            used.add(field);
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return defaultValue;
            }
            Duration d = v.isValueNode() ? Durations.parse(v.asText()) : null;
            if (d == null || (v.isNumber() && v.asDouble() != 0)) {
                throw error(field, "expected a duration like 250ms, 2s or 1m but was '" + v.asText() + "'");
            }
            if (d.compareTo(min) < 0) {
                throw error(field, "must be at least " + Durations.format(min) + " but was " + v.asText());
            }
            return d;
        }

        void finish(Set<String> allowed) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String field = names.next();
                if (!used.contains(field) && !allowed.contains(field)) {
                    String near = NearestNames.didYouMean(field, allowed);
                    throw error(
                            field,
                            near.isEmpty()
                                    ? "unknown key; allowed: " + String.join(", ", new TreeSet<>(allowed))
                                    : "unknown key" + near);
                }
            }
        }
    }
}
