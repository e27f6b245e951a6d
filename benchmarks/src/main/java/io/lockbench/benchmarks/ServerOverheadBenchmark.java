package io.lockbench.benchmarks;

import io.lockbench.harness.generate.CorpusGenerator;
import io.lockbench.harness.generate.CorpusSpec;
import io.lockbench.harness.json.Json;
import io.lockbench.harness.run.ScratchDirectories;
import io.lockbench.harness.serve.ApiServer;
import io.lockbench.harness.serve.ServerMetrics;
import io.lockbench.harness.serve.ServerSettings;
import io.lockbench.store.SessionStore;
import io.lockbench.store.config.StoreConfig;
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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the server adds to a request: the same session timeline read in the store alone, turned into
 * JSON alone, and requested over loopback HTTP from a running {@code lockbench serve} (route, params,
 * snapshot read, JSON, Jetty, metrics). The HTTP figure minus the read is the server's own overhead;
 * a 404 (no database access) is the HTTP stack alone. Run with {@code lockbench bench server}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ServerOverheadBenchmark {

    private Path dir;
    private SessionStore store;
    private ApiServer server;
    private HttpClient http;
    private String sessionId;
    private TokenTimeline timeline;
    private HttpRequest timelineRequest;
    private HttpRequest missingRequest;

    @Setup(Level.Trial)
    public void start() throws IOException {
        dir = Files.createTempDirectory("lockbench-server-bench");
        Path corpus = new CorpusGenerator(CorpusSpec.small(7))
                .writeTo(dir.resolve("corpus"))
                .root();
        store = SessionStore.open(StoreConfig.defaults(dir.resolve("bench.db")));
        store.importer().importAll(corpus, ImportOptions.defaults());
        sessionId = store.queries().listSessions(0, 1).sessions().get(0).sessionId();
        timeline = store.queries().sessionTimeline(sessionId, Bucket.HOUR).orElseThrow();
        server = ApiServer.start(store, ServerSettings.loopback(0, corpus), new ServerMetrics(null));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        timelineRequest = HttpRequest.newBuilder(
                        URI.create(server.url() + "/api/sessions/" + sessionId + "/timeline?bucket=hour"))
                .GET()
                .build();
        missingRequest = HttpRequest.newBuilder(URI.create(server.url() + "/no-such-route"))
                .GET()
                .build();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        server.close();
        store.close();
        ScratchDirectories.delete(dir);
    }

    /** The repository's read alone: one snapshot, two queries. */
    @Benchmark
    public TokenTimeline timelineRead() {
        return store.queries().sessionTimeline(sessionId, Bucket.HOUR).orElseThrow();
    }

    /** The response body alone. */
    @Benchmark
    public byte[] timelineJson() {
        return Json.bytes(timeline);
    }

    /** The whole request over loopback, as a client sees it. */
    @Benchmark
    public int timelineOverHttp() throws IOException, InterruptedException {
        return http.send(timelineRequest, HttpResponse.BodyHandlers.ofByteArray())
                .body()
                .length;
    }

    /** A request that touches no database: the HTTP stack, routing and a problem response. */
    @Benchmark
    public int notFoundOverHttp() throws IOException, InterruptedException {
        return http.send(missingRequest, HttpResponse.BodyHandlers.ofByteArray())
                .statusCode();
    }
}
