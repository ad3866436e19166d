package dev.swarmgate.admin;

import dev.swarmgate.config.AdminAuth;
import dev.swarmgate.config.BackendTarget;
import dev.swarmgate.config.StatsSettings;
import dev.swarmgate.httpapi.ApiRoutes;
import dev.swarmgate.observe.TrafficView;
import dev.swarmgate.proxy.http.StatsPage;
import dev.swarmgate.routing.Snapshot;
import dev.swarmgate.routing.rules.LocalReply;
import dev.swarmgate.store.ConfigStore;
import dev.swarmgate.store.ReconfigureJournal;
import dev.swarmgate.sync.ListenerSync;
import dev.swarmgate.upstream.EndpointGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The stats page, a live dashboard: at {@code STATS_URI} the HTML page (its stylesheet and script at
 * {@code STATS_URI;dashboard.css} and {@code ;dashboard.js}, all from the jar), and the data it shows at
 * {@code STATS_URI;json}, which the page polls every second. Behind basic authentication in realm
 * {@code Strictly Private} unless the settings open it. The data is built on a thread of its own, so answering on an
 * event loop only hands out what is ready: every {@link #REFRESH} while someone looks, at once after each new
 * configuration, and every {@link #IDLE_REFRESH} otherwise (what a script's first request after a pause gets; the
 * data's {@code generatedAt} says when it was built).
 */
public final class Dashboard implements StatsPage, AutoCloseable {

    static final String JSON = ";json";
    static final String STYLESHEET = ";dashboard.css";
    static final String SCRIPT = ";dashboard.js";
    /** How often the data is rebuilt while the page is watched: the page polls every second. */
    static final Duration REFRESH = Duration.ofMillis(250);
    /** How old the data may grow while nobody looks. */
    static final Duration IDLE_REFRESH = Duration.ofSeconds(5);
    /** After this long without a request the data is rebuilt only every {@link #IDLE_REFRESH}. */
    private static final long WATCHED_NANOS = Duration.ofSeconds(30).toNanos();

    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    private static final String RESOURCES = "/dashboard/";
    /** Nothing but this page's own files, fetched from its own origin; no framing, no referrer. */
    private static final List<LocalReply.Header> SECURITY_HEADERS = List.of(
            new LocalReply.Header("Cache-Control", "no-store"),
            new LocalReply.Header("X-Content-Type-Options", "nosniff"),
            new LocalReply.Header("Content-Security-Policy", "default-src 'none'; script-src 'self';"
                    + " style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none';"
                    + " form-action 'none'; frame-ancestors 'none'"),
            new LocalReply.Header("Referrer-Policy", "no-referrer"),
            new LocalReply.Header("X-Frame-Options", "DENY"));

    private final String uri;
    private final Optional<AdminCredentials> credentials;
    private final DashboardView view;
    private final LocalReply page;
    private final LocalReply stylesheet;
    private final LocalReply script;
    private final LocalReply challenge;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("stats-page").factory());
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private volatile String data = "{}";
    private volatile long builtAt;
    /** When the page or its data was last asked for; at start, long enough ago that nobody is watching. */
    private volatile long lastAsked = System.nanoTime() - WATCHED_NANOS;

    Dashboard(StatsSettings settings, DashboardView view) {
        this.uri = settings.uri();
        this.credentials = settings.authenticated()
                ? Optional.of(new AdminCredentials(new AdminAuth(settings.users()))) : Optional.empty();
        this.view = view;
        String html = resource("index.html")
                .replace("{{stylesheet}}", attribute(uri + STYLESHEET))
                .replace("{{script}}", attribute(uri + SCRIPT))
                .replace("{{data}}", attribute(uri + JSON));
        this.page = reply(200, "text/html; charset=utf-8", html);
        this.stylesheet = reply(200, "text/css; charset=utf-8", resource("dashboard.css"));
        this.script = reply(200, "text/javascript; charset=utf-8", resource("dashboard.js"));
        this.challenge = new LocalReply(401, List.of(
                new LocalReply.Header("Content-Type", "text/plain; charset=utf-8"),
                new LocalReply.Header("Cache-Control", "no-store"),
                new LocalReply.Header("WWW-Authenticate", "Basic realm=\"" + StatsSettings.REALM + "\"")),
                "401 Unauthorized: the stats page needs the user and password of STATS_USER and STATS_PASS\n", false);
    }

    /**
     * A started dashboard over the proxy's parts.
     *
     * @param activeSnapshot what the data plane serves now ({@code gateway::current})
     * @param endpointGroups the endpoints behind a backend target ({@code gateway::endpointGroup})
     * @param traffic        each service's traffic over the last minute
     * @param journal        the recent reconfigures of every source
     * @param listeners      the Swarm listeners feeding this replica (shown when there are any)
     * @param swarm          why a service has no endpoint it can reach, when the proxy watches the swarm
     */
    public static Dashboard start(StatsSettings settings, ConfigStore store, Supplier<Snapshot> activeSnapshot,
                                  Function<BackendTarget, EndpointGroup> endpointGroups, TrafficView traffic,
                                  ReconfigureJournal journal, ListenerSync listeners, String proxyServiceName,
                                  SwarmView swarm) {
        Dashboard dashboard = new Dashboard(settings, new DashboardView(store, activeSnapshot, endpointGroups,
                traffic, journal, new ReplicaView(listeners, proxyServiceName)::model, swarm.problemOf())).start();
        store.subscribe(published -> {
            dashboard.refreshSoon();
            return CompletableFuture.completedFuture(null);
        });
        return dashboard;
    }

    /** What {@code STATS_PORT} serves: this page and nothing else. */
    public ApiRoutes ownPort() {
        return new StatsPortRoutes(this, uri);
    }

    /** Builds the data once, then keeps it fresh while the page is watched. */
    Dashboard start() {
        refresh();
        long period = REFRESH.toMillis();
        refresher.scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            if (now - lastAsked < WATCHED_NANOS || now - builtAt >= IDLE_REFRESH.toNanos()) {
                refresh();
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public boolean claims(String target) {
        return target.startsWith(uri);
    }

    @Override
    public LocalReply answer(String method, String target, String authorization) {
        if (credentials.isPresent() && !credentials.get().accept(authorization)) {
            return challenge;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return new LocalReply(405, List.of(new LocalReply.Header("Allow", "GET, HEAD"),
                    new LocalReply.Header("Content-Type", "text/plain; charset=utf-8")),
                    "405 Method Not Allowed: the stats page answers GET and HEAD\n", false);
        }
        String rest = target.substring(uri.length());
        if (rest.startsWith(STYLESHEET)) {
            return stylesheet;
        }
        if (rest.startsWith(SCRIPT)) {
            return script;
        }
        if (rest.startsWith(";csv")) {
            return reply(404, "text/plain; charset=utf-8", "HAProxy's CSV statistics are not served: read "
                    + uri + JSON + " (JSON) or the admin API's /metrics (Prometheus)\n");
        }
        watched();
        if (rest.startsWith(JSON)) {
            return reply(200, "application/json", data);
        }
        return page;
    }

    /** Someone looks: keep the data fresh, and rebuild it now (off this thread) if it went stale meanwhile. */
    private void watched() {
        long now = System.nanoTime();
        lastAsked = now;
        if (now - builtAt > REFRESH.toNanos() * 2) {
            refreshSoon();
        }
    }

    /** Rebuilds the data on its own thread as soon as it is free (once, however often this is called meanwhile). */
    void refreshSoon() {
        if (refreshQueued.compareAndSet(false, true)) {
            try {
                refresher.execute(this::refresh);
            } catch (RuntimeException closed) {
                refreshQueued.set(false);
            }
        }
    }

    private void refresh() {
        refreshQueued.set(false);
        try {
            data = view.json();
            builtAt = System.nanoTime();
        } catch (RuntimeException e) {
            // The page shows the last good data and its age; the next round tries again.
            LOG.warn("The stats page's data could not be built: {}", e.toString());
        }
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }

    private static LocalReply reply(int status, String contentType, String body) {
        List<LocalReply.Header> headers = new ArrayList<>();
        headers.add(new LocalReply.Header("Content-Type", contentType));
        headers.addAll(SECURITY_HEADERS);
        return new LocalReply(status, headers, body, false);
    }

    private static String resource(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + RESOURCES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCES + name + " from the jar", e);
        }
    }

    /** {@code value} for an HTML attribute in double quotes. */
    private static String attribute(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
