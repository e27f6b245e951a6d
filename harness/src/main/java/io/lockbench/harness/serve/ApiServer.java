package io.lockbench.harness.serve;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.lockbench.harness.json.Json;
import io.lockbench.store.SessionStore;
import io.lockbench.store.config.Setting;
import io.lockbench.store.failure.StoreUnavailableException;
import io.lockbench.store.lock.LockFailure;
import io.lockbench.store.lock.LockPhase;
import io.lockbench.store.lock.LockTrace;
import io.lockbench.store.query.Bucket;
import io.lockbench.store.query.SessionQueries;
import io.lockbench.store.transcript.Timestamps;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session manager's HTTP API over an open store: JSON reads, each one read snapshot on the
 * reader pool (never the writer); imports of the transcript root on request or on a timer;
 * {@code /healthz} and Prometheus {@code /metrics}. Errors are {@code application/problem+json}
 * and never carry SQL or a stack trace. {@link #close()} shuts down gracefully.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    /** What {@code lockbench serve} prints once it listens, followed by the URL: the harness reads it. */
    public static final String LISTENING = "lockbench serve: listening on ";

    private static final String ROUTE = "lockbench.route";
    private static final String STARTED = "lockbench.started";
    /** Seconds a client is told to wait after a 503: a lock is usually free again well within it. */
    static final int RETRY_AFTER_SECONDS = 1;

    static final int MAX_ACTIVE_MINUTES = 366 * 24 * 60;
    static final int MAX_ACTIVITY_DAYS = 3660;

    private final SessionStore store;
    private final ServerSettings settings;
    private final ServerMetrics metrics;
    private final ImportJobs imports;
    private final Clock clock;
    private final Javalin app;

    private ApiServer(SessionStore store, ServerSettings settings, ServerMetrics metrics, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.imports = new ImportJobs(store, settings.root(), metrics, clock);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.bind();
            config.jetty.port = settings.port();
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(settings.grace().toMillis());
                server.setErrorHandler(new ProblemErrorHandler());
            });
            config.routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
            readRoute(config, "/healthz", this::health);
            readRoute(config, "/metrics", this::metrics);
            readRoute(config, "/api/sessions", this::sessions);
            readRoute(config, "/api/sessions/active", this::activeSessions);
            readRoute(config, "/api/sessions/{id}", this::session);
            readRoute(config, "/api/sessions/{id}/timeline", this::sessionTimeline);
            readRoute(config, "/api/timeline", this::globalTimeline);
            readRoute(config, "/api/activity", this::activity);
            config.routes.post("/api/imports", route("/api/imports", this::startImport));
            readRoute(config, "/api/imports/{id}", this::importJob);
            config.routes.exception(Exception.class, this::failure);
            config.routes.error(404, ctx -> {
                String type = ctx.contentType();
                if (type == null || !type.startsWith(Problem.MEDIA_TYPE)) {
                    problem(ctx, ProblemException.notFound("no route for " + ctx.method() + " " + ctx.path()));
                }
            });
            config.routes.error(
                    405,
                    ctx -> problem(
                            ctx,
                            new ProblemException(
                                    405,
                                    "method-not-allowed",
                                    "Method not allowed",
                                    ctx.method() + " is not allowed on " + ctx.path(),
                                    null)));
            config.requestLogger.http((ctx, ms) -> {
                Long started = ctx.attribute(STARTED);
                String route = ctx.attribute(ROUTE);
                metrics.request(
                        route == null ? "unmatched" : route,
                        ctx.method().name(),
                        ctx.statusCode(),
                        started == null ? (long) (ms * 1e6) : System.nanoTime() - started);
            });
        });
    }

    /**
     * A read route for GET and HEAD alike: HEAD runs the same handler, so it gets GET's status and
     * headers (a HEAD health probe sees a broken store); Jetty leaves out the body.
     */
    private void readRoute(JavalinConfig config, String template, Handler handler) {
        config.routes.get(template, route(template, handler));
        config.routes.head(template, route(template, handler));
    }

    /** Starts serving; returns once the port is bound. */
    public static ApiServer start(SessionStore store, ServerSettings settings, ServerMetrics metrics) {
        ApiServer server = new ApiServer(store, settings, metrics, Clock.systemUTC());
        server.app.start();
        server.imports.every(settings.importEvery());
        return server;
    }

    /** The port the server listens on (the one it got when the settings asked for 0). */
    public int port() {
        return app.port();
    }

    public String url() {
        String host = settings.bind().contains(":") ? "[" + settings.bind() + "]" : settings.bind();
        return "http://" + host + ":" + port();
    }

    /**
     * Graceful shutdown: no new imports, a running one ends after the transaction it is in; the
     * server stops accepting connections and lets requests in flight finish (up to the grace period).
     * The store stays open: its owner closes it after this returns.
     */
    @Override
    public void close() {
        imports.requestStop();
        app.stop();
        imports.awaitStop(settings.grace());
    }

    // --- routes ---

    private Handler route(String template, Handler handler) {
        return ctx -> {
            ctx.attribute(ROUTE, template);
            LockTrace trace = store.trace("http " + template);
            try (trace) {
                handler.handle(ctx);
            } catch (Exception e) {
                // A failure the trace saw is counted once, by operation() below; one it did not see (no
                // connection was had) is counted here.
                if (isBusy(e) && trace.failure() == null) {
                    metrics.busy(trace.operation(), LockFailure.of(e, LockPhase.CONNECT));
                }
                throw e;
            } finally {
                metrics.operation(trace);
            }
        };
    }

    private void health(Context ctx) {
        store.queries().listSessions(0, 1);
        json(ctx, 200, Map.of("status", "ok"));
    }

    private void metrics(Context ctx) {
        ctx.status(200).contentType(ServerMetrics.CONTENT_TYPE).result(metrics.scrape());
    }

    private void sessions(Context ctx) {
        int limit = RequestParams.integer(ctx, "limit", 50, 1, SessionQueries.MAX_PAGE);
        int offset = RequestParams.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        json(ctx, 200, store.queries().listSessions(offset, limit));
    }

    private void activeSessions(Context ctx) {
        int minutes = RequestParams.integer(ctx, "minutes", 60, 1, MAX_ACTIVE_MINUTES);
        int limit = RequestParams.integer(ctx, "limit", 50, 1, SessionQueries.MAX_PAGE);
        int offset = RequestParams.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        json(
                ctx,
                200,
                store.queries().activeSessions(clock.instant().minus(Duration.ofMinutes(minutes)), offset, limit));
    }

    private void session(Context ctx) {
        String id = ctx.pathParam("id");
        json(ctx, 200, store.queries().session(id).orElseThrow(() -> unknownSession(id)));
    }

    private void sessionTimeline(Context ctx) {
        String id = ctx.pathParam("id");
        Bucket bucket = RequestParams.bucket(ctx, Bucket.HOUR);
        Instant from = RequestParams.instant(ctx, "from", Timestamps.MIN);
        Instant to = RequestParams.instant(ctx, "to", Timestamps.END);
        RequestParams.checkRange(from, to);
        json(ctx, 200, store.queries().sessionTimeline(id, bucket, from, to).orElseThrow(() -> unknownSession(id)));
    }

    private void globalTimeline(Context ctx) {
        Bucket bucket = RequestParams.bucket(ctx, Bucket.DAY);
        Instant from = RequestParams.instant(ctx, "from", Timestamps.MIN);
        Instant to = RequestParams.instant(ctx, "to", Timestamps.END);
        RequestParams.checkRange(from, to);
        json(ctx, 200, store.queries().globalTimeline(bucket, from, to));
    }

    private void activity(Context ctx) {
        int days = RequestParams.integer(ctx, "days", 30, 1, MAX_ACTIVITY_DAYS);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Instant from = today.minusDays(days - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        json(ctx, 200, store.queries().activity(from, to));
    }

    private void startImport(Context ctx) {
        ImportJobs.StartResult result = imports.start("api");
        if (result.started() == null) {
            throw result.alreadyRunning() == null
                    ? new ProblemException(503, "shutting-down", "Shutting down", "the server is shutting down", null)
                    : ProblemException.conflict(
                            "import " + result.alreadyRunning().id() + " is still running; see /api/imports/"
                                    + result.alreadyRunning().id());
        }
        ctx.header("Location", "/api/imports/" + result.started().id());
        json(ctx, 202, result.started().view());
    }

    private void importJob(Context ctx) {
        String text = ctx.pathParam("id");
        long id;
        try {
            id = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("no import " + RequestParams.clip(text));
        }
        json(
                ctx,
                200,
                imports.find(id)
                        .orElseThrow(() -> ProblemException.notFound("no import " + id))
                        .view());
    }

    // --- responses ---

    private static ProblemException unknownSession(String id) {
        return ProblemException.notFound("no session " + RequestParams.clip(id));
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.bytes(body));
    }

    private static void problem(Context ctx, ProblemException e) {
        ctx.status(e.status()).contentType(Problem.MEDIA_TYPE).result(Json.bytes(e.problem(ctx.path())));
    }

    private void failure(Exception e, Context ctx) {
        if (e instanceof ProblemException p) {
            problem(ctx, p);
            return;
        }
        if (isBusy(e)) {
            ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            problem(
                    ctx,
                    new ProblemException(
                            503,
                            "database-busy",
                            "Database busy",
                            "the database lock or a connection was not obtained within " + lockWaitLimit()
                                    + "; retry later",
                            null));
            return;
        }
        if (e instanceof StoreUnavailableException) {
            ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            problem(ctx, new ProblemException(503, "store-unavailable", "Store unavailable", e.getMessage(), null));
            return;
        }
        // A bug or an unreadable database: the log gets the details, the client one safe line.
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        problem(
                ctx,
                new ProblemException(
                        500,
                        "internal-error",
                        "Internal error",
                        "the request failed; the server log has the details",
                        null));
    }

    /** The setting that bounds a lock wait on this store's backend, and its value. */
    private String lockWaitLimit() {
        Setting<Integer> limit = store.database().lockWaitLimit();
        return limit.key() + " (" + store.config().get(limit) + " ms)";
    }

    private static boolean isBusy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return LockFailure.of(e, LockPhase.STATEMENT).isBusy();
    }
}
