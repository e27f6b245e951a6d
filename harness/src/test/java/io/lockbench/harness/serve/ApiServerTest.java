package io.lockbench.harness.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import io.lockbench.store.SessionStore;
import io.lockbench.store.TestStores;
import io.lockbench.store.importer.ImportOptions;
import io.lockbench.store.query.Bucket;
import io.lockbench.store.query.TokenTimeline;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real server on an ephemeral loopback port, called with {@link HttpClient}; the store is a real SQLite file. */
class ApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<AutoCloseable> open = new ArrayList<>();
    private SessionStore store;
    private ApiServer server;
    private Path corpus;

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private void start(boolean imported, Object... settings) throws IOException {
        corpus = new CorpusGenerator(CorpusSpec.small(3))
                .writeTo(dir.resolve("corpus"))
                .root();
        store = SessionStore.open(TestStores.config(dir, settings));
        open.add(store);
        if (imported) {
            store.importer().importAll(corpus, ImportOptions.defaults());
        }
        server =
                ApiServer.start(store, ServerSettings.loopback(0, corpus).withGrace(PATIENCE), new ServerMetrics(null));
        open.add(server);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return http.send(
                request(path).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(PATIENCE);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("detail").asText())
                .isNotBlank()
                .doesNotContain("SELECT")
                .doesNotContain("Exception");
    }

    @Test
    void everyReadRouteAnswersWhatTheRepositoryAnswers() throws Exception {
        start(true);
        String id = store.queries().listSessions(0, 1).sessions().get(0).sessionId();

        HttpResponse<String> sessions = get("/api/sessions?limit=5&offset=1");
        assertThat(sessions.statusCode()).isEqualTo(200);
        assertThat(sessions.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode page = json(sessions);
        assertThat(page.get("totalSessions").asLong())
                .isEqualTo(store.queries().listSessions(0, 1).totalSessions());
        assertThat(page.get("sessions")).hasSize(5);
        assertThat(page.get("sessions").get(0).get("sessionId").asText())
                .isEqualTo(store.queries().listSessions(1, 1).sessions().get(0).sessionId());

        JsonNode detail = json(get("/api/sessions/" + id));
        assertThat(detail.get("session").get("sessionId").asText()).isEqualTo(id);

        TokenTimeline expected =
                store.queries().sessionTimeline(id, Bucket.MINUTE).orElseThrow();
        JsonNode timeline = json(get("/api/sessions/" + id + "/timeline?bucket=minute"));
        assertThat(timeline.get("bucket").asText()).isEqualTo("minute");
        assertThat(timeline.get("points")).hasSize(expected.points().size());
        assertThat(timeline.get("total").get("output").asLong())
                .isEqualTo(expected.total().output());
        long sum = 0;
        for (JsonNode point : timeline.get("points")) {
            sum += point.get("tokens").get("output").asLong();
        }
        assertThat(sum).isEqualTo(timeline.get("total").get("output").asLong());

        String from = expected.points().get(0).bucketStart().toString();
        String to = expected.points().get(0).bucketStart().plusSeconds(60).toString();
        JsonNode ranged = json(get("/api/sessions/" + id + "/timeline?bucket=minute&from=" + from + "&to=" + to));
        assertThat(ranged.get("points")).hasSize(1);

        JsonNode global = json(get("/api/timeline?bucket=day"));
        assertThat(global.get("total").get("requests").asLong())
                .isEqualTo(store.queries().globalTimeline(Bucket.DAY).total().requests());

        assertThat(get("/api/sessions/active?minutes=5").statusCode()).isEqualTo(200);
        assertThat(json(get("/api/activity?days=7")).isArray()).isTrue();
        assertThat(json(get("/healthz")).get("status").asText()).isEqualTo("ok");
    }

    @Test
    void badParametersAre400sNamingTheParameterAndWhatIsAllowed() throws Exception {
        start(true);
        String[][] cases = {
            {"/api/sessions?limit=abc", "limit"},
            {"/api/sessions?limit=0", "limit"},
            {"/api/sessions?offset=-1", "offset"},
            {"/api/sessions/active?minutes=x", "minutes"},
            {"/api/timeline?bucket=week", "bucket"},
            {"/api/timeline?from=yesterday", "from"},
            {"/api/timeline?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from"},
            {"/api/activity?days=100000", "days"},
        };
        for (String[] c : cases) {
            HttpResponse<String> response = get(c[0]);
            assertProblem(response, 400);
            assertThat(json(response).get("parameter").asText()).as(c[0]).isEqualTo(c[1]);
            assertThat(json(response).get("detail").asText()).as(c[0]).contains(c[1]);
        }
        assertThat(json(get("/api/timeline?bucket=week")).get("detail").asText())
                .contains("minute, hour, day");
    }

    @Test
    void unknownSessionsImportsAndRoutesAre404s() throws Exception {
        start(true);
        assertProblem(get("/api/sessions/no-such-session"), 404);
        assertProblem(get("/api/sessions/no-such-session/timeline"), 404);
        assertProblem(get("/api/imports/42"), 404);
        assertProblem(get("/api/imports/not-a-number"), 404);
        assertProblem(get("/no/such/route"), 404);
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> head(String path) throws IOException, InterruptedException {
        return http.send(
                request(path)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void headGetsGetsStatusAndContentType_onEveryKindOfAnswer() throws Exception {
        start(true);
        String[] paths = {
            "/healthz",
            "/metrics",
            "/api/sessions",
            "/api/sessions?limit=0",
            "/api/sessions/no-such-session",
            "/api/timeline?bucket=week",
            "/api/activity?days=7",
            "/no/such/route",
        };
        for (String path : paths) {
            HttpResponse<String> get = get(path);
            HttpResponse<String> head = head(path);
            assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode());
            assertThat(head.headers().firstValue("Content-Type"))
                    .as(path)
                    .isEqualTo(get.headers().firstValue("Content-Type"));
            assertThat(head.body()).as(path).isEmpty();
        }
    }

    @Test
    void headHealthz_runsTheHealthCheck_andFailsWhenTheStoreCannotAnswer() throws Exception {
        start(true, "reader_pool_size", "1", "busy_timeout_ms", "250");
        try (Connection held = TestStores.connections(store).openReader()) {
            assertThat(head("/healthz").statusCode()).isEqualTo(503);
        }
        assertThat(head("/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void activeSessions_arePagedWithACap_whateverTheWindow() throws Exception {
        start(true);
        String window = "/api/sessions/active?minutes=" + ApiServer.MAX_ACTIVE_MINUTES;
        JsonNode all = json(get(window + "&limit=10000"));
        long total = all.get("totalSessions").asLong();
        assertThat(total).isGreaterThan(2);
        JsonNode first = json(get(window + "&limit=2"));
        assertThat(first.get("sessions")).hasSize(2);
        assertThat(first.get("totalSessions").asLong()).isEqualTo(total);
        JsonNode second = json(get(window + "&limit=2&offset=2"));
        assertThat(second.get("sessions").get(0).get("sessionId"))
                .isEqualTo(all.get("sessions").get(2).get("sessionId"));
        assertThat(json(get(window)).get("limit").asInt()).isEqualTo(50);
        assertProblem(get(window + "&limit=10001"), 400);
    }

    @Test
    void junkMethodTokens_addNoMetricSeries() throws Exception {
        start(true);
        for (int i = 0; i < 20; i++) {
            http.send(
                    request(i % 2 == 0 ? "/api/sessions" : "/no/route/warm")
                            .method("WARM" + i, HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        // A scrape is a request too: the second one sees the first's series.
        get("/metrics");
        java.util.Set<String> before = seriesNames(get("/metrics").body());
        List<java.util.concurrent.CompletableFuture<HttpResponse<Void>>> pending = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            pending.add(http.sendAsync(
                    request(i % 2 == 0 ? "/api/sessions" : "/no/route/" + i)
                            .method("JUNK" + i, HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.discarding()));
            if (pending.size() == 50) {
                for (var p : pending) {
                    p.join();
                }
                pending.clear();
            }
        }
        for (var p : pending) {
            p.join();
        }
        assertThat(seriesNames(get("/metrics").body())).isEqualTo(before);
    }

    /**
     * Requests Jetty turns away before any route (sent raw: an HTTP client refuses to send most of
     * them): each answer is a problem document, never Jetty's HTML page.
     */
    @Test
    void requestsRejectedBeforeTheRoutes_areProblemDocumentsToo() throws Exception {
        start(false);
        String longQuery = "/api/sessions?x=" + "a".repeat(1 << 20);
        String longId = "/api/sessions/" + "b".repeat(10_000);
        String manyHeaders = "X-Junk: 1\r\n".repeat(2_000);
        String hugeHeader = "X-Huge: " + "c".repeat(64 * 1024) + "\r\n";
        for (String[] request : new String[][] {
            {"GET " + longQuery, ""},
            {"GET " + longId, ""},
            {"GET /api/sessions/%00", ""},
            {"GET /api/sessions/%C3%28", ""},
            {"GET /api/%2e%2e/healthz", ""},
            {"GET /api/%2F%2F", ""},
            {"GET /api/\u0001x", ""},
            {"GET /api/sessions", manyHeaders},
            {"GET /api/sessions", hugeHeader},
        }) {
            String answer =
                    raw(request[0] + " HTTP/1.1\r\nHost: localhost\r\n" + request[1] + "Connection: close\r\n\r\n");
            String shown = request[0].substring(0, Math.min(60, request[0].length()));
            assertThat(answer).as(shown).startsWith("HTTP/1.1 4");
            int status = Integer.parseInt(answer.substring(9, 12));
            String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
            assertThat(head).as(shown).contains("content-type: application/problem+json");
            JsonNode problem = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(problem.get("status").asInt()).as(shown).isEqualTo(status);
            assertThat(problem.get("title").asText()).as(shown).isNotBlank();
            assertThat(answer).as(shown).doesNotContain("<html").doesNotContain("aaaaaaaaaa");
        }
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
    }

    /** One request over a plain socket, the whole answer as ISO-8859-1 text (a chunked body is unchunked). */
    private String raw(String request) throws IOException {
        URI base = URI.create(server.url());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) PATIENCE.toMillis());
            java.io.OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before it has read all of a huge request.
            }
            String answer =
                    new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            int bodyAt = answer.indexOf("\r\n\r\n");
            if (bodyAt > 0
                    && answer.substring(0, bodyAt)
                            .toLowerCase(java.util.Locale.ROOT)
                            .contains("transfer-encoding: chunked")) {
                StringBuilder body = new StringBuilder();
                int at = bodyAt + 4;
                while (true) {
                    int lineEnd = answer.indexOf("\r\n", at);
                    int size = Integer.parseInt(answer.substring(at, lineEnd).trim(), 16);
                    if (size == 0) {
                        break;
                    }
                    body.append(answer, lineEnd + 2, lineEnd + 2 + size);
                    at = lineEnd + 2 + size + 2;
                }
                return answer.substring(0, bodyAt + 4) + body;
            }
            return answer;
        }
    }

    /** The series of a scrape: each name with its labels, histogram buckets ({@code le}) folded. */
    private static java.util.Set<String> seriesNames(String scrape) {
        return scrape.lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.substring(0, line.lastIndexOf(' ')).replaceAll(",?le=\"[^\"]*\"", ""))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    @Test
    void aReadThatCannotGetAConnectionInTimeIs503WithRetryAfterAndTheServerGoesOn() throws Exception {
        start(true, "reader_pool_size", "1", "busy_timeout_ms", "250");
        try (Connection held = TestStores.connections(store).openReader()) {
            HttpResponse<String> response = get("/api/sessions");
            assertProblem(response, 503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        }
        assertThat(get("/api/sessions").statusCode()).isEqualTo(200);
        // The one failed request is counted once, though both its lock trace and its route saw it.
        double failures = get("/metrics")
                .body()
                .lines()
                .filter(line -> line.startsWith("lockbench_lock_failures_total{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
        assertThat(failures).isEqualTo(1.0);
        assertThat(server.url()).startsWith("http://127.0.0.1:");
    }

    @Test
    void importsStartOverHttpConflictWhileOneRunsAndReadsAnswerDuringThem() throws Exception {
        start(false);
        HttpResponse<String> started;
        HttpResponse<String> second;
        HttpResponse<String> during;
        // Another connection holds the write lock: the import waits for it, deterministically running.
        try (Connection writer = java.sql.DriverManager.getConnection(
                        "jdbc:sqlite:" + store.config().path());
                Statement s = writer.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("BEGIN IMMEDIATE");
            started = post("/api/imports");
            second = post("/api/imports");
            during = get("/api/sessions");
            assertThat(json(get("/api/imports/1")).get("state").asText()).isEqualTo("running");
            s.execute("ROLLBACK");
        }
        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(started.headers().firstValue("Location")).hasValue("/api/imports/1");
        assertProblem(second, 409);
        assertThat(json(second).get("detail").asText()).contains("import 1 is still running");
        assertThat(during.statusCode()).isEqualTo(200);

        JsonNode job = awaitImport(1);
        assertThat(job.get("state").asText()).isEqualTo("succeeded");
        assertThat(job.get("summary").get("recordsImported").asLong()).isPositive();
        assertThat(job.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(json(get("/api/sessions")).get("totalSessions").asLong())
                .isEqualTo(store.queries().listSessions(0, 1).totalSessions())
                .isPositive();
        assertThat(post("/api/imports").statusCode()).isEqualTo(202);
        assertThat(awaitImport(2).get("summary").get("recordsImported").asLong())
                .as("the second import is incremental")
                .isZero();
    }

    private JsonNode awaitImport(long id) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            JsonNode job = json(get("/api/imports/" + id));
            if (!job.get("state").asText().equals("running") || System.nanoTime() > deadline) {
                return job;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    @Test
    void shutdownLetsARequestInFlightFinish() throws Exception {
        start(true, "reader_pool_size", "1");
        HikariDataSource readers = TestStores.connections(store).reader().unwrap(HikariDataSource.class);
        CompletableFuture<HttpResponse<String>> inFlight;
        CompletableFuture<Void> closing;
        try (Connection held = readers.getConnection()) {
            inFlight = http.sendAsync(request("/api/sessions").GET().build(), HttpResponse.BodyHandlers.ofString());
            // The request is inside the server once its handler waits for the one reader connection.
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (readers.getHikariPoolMXBean().getThreadsAwaitingConnection() == 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            assertThat(readers.getHikariPoolMXBean().getThreadsAwaitingConnection())
                    .isEqualTo(1);
            closing = CompletableFuture.runAsync(server::close);
            TimeUnit.MILLISECONDS.sleep(200);
            assertThat(closing).as("shutdown waits for the request in flight").isNotDone();
        }
        HttpResponse<String> response = inFlight.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("sessions")).isNotEmpty();
        closing.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aFreshServerExposesItsFailureCountersAtZeroAndItsBuild_soAnAlertFiresOnTheFirstBusy() throws Exception {
        start(false);
        JsonNode families = PrometheusParser.parse(get("/metrics").body());

        assertThat(families.get("lockbench_lock_failures").get("type").asText()).isEqualTo("counter");
        assertThat(families.get("lockbench_lock_failures").get("labels").toString())
                .contains("\\\"kind\\\": \\\"busy\\\"", "\\\"kind\\\": \\\"other\\\"");
        assertThat(families.get("lockbench_import_failures").get("type").asText())
                .isEqualTo("counter");
        assertThat(families.get("lockbench_build_info").get("labels").toString())
                .contains("commit", "version", "java_version");
        String body = get("/metrics").body();
        assertThat(body).containsPattern("(?m)^lockbench_lock_failures_total\\{kind=\"busy\"\\} 0(\\.0)?$");
        assertThat(body).containsPattern("(?m)^lockbench_build_info\\{.*\\} 1(\\.0)?$");
    }

    @Test
    void aHistogramHasTheFixedBuckets_notOneSeriesPerPercentileStep() throws Exception {
        start(false);
        get("/api/sessions");
        String body = get("/metrics").body();

        long buckets = body.lines()
                .filter(line -> line.startsWith("lockbench_http_requests_seconds_bucket{")
                        && line.contains("route=\"/api/sessions\""))
                .count();
        assertThat(buckets).isEqualTo(ServerMetrics.BUCKETS.size() + 1); // and +Inf
        assertThat(body).contains("le=\"0.001\"", "le=\"1.0\"", "le=\"60.0\"", "le=\"+Inf\"");
    }

    @Test
    void metricsAreValidPrometheusTextWithTheDocumentedFamilies() throws Exception {
        start(false);
        post("/api/imports");
        awaitImport(1);
        get("/api/sessions");
        get("/api/timeline?bucket=hour");
        get("/api/sessions?limit=oops");
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        JsonNode families = PrometheusParser.parse(metrics.body());
        assertThat(families.get("lockbench_http_requests_seconds").get("type").asText())
                .isEqualTo("histogram");
        assertThat(families.get("lockbench_lock_wait_seconds").get("type").asText())
                .isEqualTo("histogram");
        assertThat(families.get("lockbench_connection_wait_seconds").get("type").asText())
                .isEqualTo("histogram");
        assertThat(families.get("lockbench_import_transaction_hold_seconds")
                        .get("type")
                        .asText())
                .isEqualTo("histogram");
        assertThat(families.has("lockbench_import_bytes_read")).isTrue();
        assertThat(families.has("lockbench_import_running")).isTrue();
        assertThat(families.get("lockbench_http_requests_seconds").get("labels").toString())
                .contains("/api/sessions")
                .contains("400")
                .doesNotContain("oops");
        // Every family the server exposes has its row in the documentation's metrics table.
        String documented = Files.readString(Path.of("..", "docs", "http-api.md"));
        List<String> undocumented = new ArrayList<>();
        families.fieldNames().forEachRemaining(name -> {
            // Micrometer adds a gauge <histogram>_max to each histogram: documented with its histogram.
            if (name.startsWith("lockbench_") && !documented.contains("`" + name.replaceFirst("_max$", ""))) {
                undocumented.add(name);
            }
        });
        assertThat(undocumented).as("metrics missing from docs/http-api.md").isEmpty();
    }

    @Test
    void shutdownLetsARunningImportCommitWhatItHoldsAndTheNextImportResumesToTheCleanResult() throws Exception {
        start(false);
        CompletableFuture<Void> closing;
        try (Connection writer = java.sql.DriverManager.getConnection(
                        "jdbc:sqlite:" + store.config().path());
                Statement s = writer.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("BEGIN IMMEDIATE");
            assertThat(post("/api/imports").statusCode()).isEqualTo(202);
            closing = CompletableFuture.runAsync(server::close);
            TimeUnit.MILLISECONDS.sleep(200);
            assertThat(closing)
                    .as("shutdown waits for the import's transaction")
                    .isNotDone();
            s.execute("ROLLBACK");
        }
        closing.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(store.queries().listSessions(0, 1).totalSessions())
                .as("the import stopped before its first batch of lines")
                .isZero();
        store.importer().importAll(corpus, ImportOptions.defaults());
        Path clean = Files.createDirectories(dir.resolve("clean"));
        try (SessionStore reference = SessionStore.open(TestStores.config(clean))) {
            reference.importer().importAll(corpus, ImportOptions.defaults());
            assertThat(TestStores.dump(store)).isEqualTo(TestStores.dump(reference));
        }
    }
}
