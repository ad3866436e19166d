package dev.swarmgate.listener;

import dev.swarmgate.httpapi.ApiReply;
import dev.swarmgate.httpapi.ApiRequest;
import dev.swarmgate.httpapi.ApiRoutes;
import dev.swarmgate.httpapi.MalformedTargetException;
import dev.swarmgate.httpapi.RequestTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The listener's HTTP API: DFSL's paths (any method, as Go's ServeMux serves them) and the feed. Each answer is a
 * future, so a long poll or a question to Docker holds no thread; the future never fails, errors are replies.
 */
public final class ListenerApi implements ApiRoutes {

    static final String DFSL = "/v1/docker-flow-swarm-listener";
    static final String FEED = "/v1/swarmgate/feed";
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(ListenerApi.class);

    private final ChangeDetector detector;
    private final ServiceFeed feed;
    private final ListenerMetrics metrics;
    private final SwarmQueries swarm;
    private final Duration firstListingWait;

    /** @param firstListingWait how long get-services waits for the swarm's first listing before it answers 500 */
    public ListenerApi(ChangeDetector detector, ServiceFeed feed, ListenerMetrics metrics, SwarmQueries swarm,
                       Duration firstListingWait) {
        this.detector = detector;
        this.feed = feed;
        this.metrics = metrics;
        this.swarm = swarm;
        this.firstListingWait = firstListingWait;
    }

    @Override
    public CompletableFuture<ApiReply> answer(ApiRequest request) {
        return route(request.uri(), request.clientGone());
    }

    @Override
    public ApiReply malformed() {
        return problem(400, "Malformed request");
    }

    @Override
    public ApiReply failed(Throwable failure) {
        return problem(500, "Internal error: " + failure);
    }

    /** DFSL's {@code {"Status":"OK"}}. */
    static ApiReply ok() {
        return ApiReply.json(200, Map.of("Status", "OK"));
    }

    /** {@code {"Status":"NOK","Message":...}}, the shape of DFP's errors. */
    static ApiReply problem(int status, String message) {
        Map<String, String> body = new java.util.LinkedHashMap<>();
        body.put("Status", "NOK");
        body.put("Message", message);
        return ApiReply.json(status, body);
    }

    /**
     * @param clientGone completes when the client's connection closes, which ends a long poll early
     */
    CompletableFuture<ApiReply> route(String uri, CompletableFuture<Void> clientGone) {
        RequestTarget target;
        try {
            target = RequestTarget.parse(uri);
        } catch (MalformedTargetException e) {
            LOG.info("Listener request to {} refused: {}", RequestTarget.rawPathOf(uri), e.getMessage());
            return done(problem(400, e.getMessage()));
        }
        try {
            return switch (target.path()) {
                case DFSL + "/get-services" -> getServices();
                case DFSL + "/notify-services" -> notifyServices();
                case DFSL + "/get-nodes" -> getNodes();
                case DFSL + "/ping" -> done(ok());
                case "/metrics" -> done(ApiReply.text(200, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape()));
                case FEED -> feed(target.parameters(), clientGone);
                default -> done(ApiReply.text(404, "text/plain; charset=utf-8", "404 page not found\n"));
            };
        } catch (RuntimeException e) {
            // The path only: a query is the client's to read, not the log's.
            LOG.error("Listener request to {} failed", target.path(), e);
            return done(problem(500, "Internal error: " + e));
        }
    }

    /**
     * The create parameters of the marked services whose tasks all run; the others get a create notification
     * instead, as DFSL queues them, so a proxy still hears of them.
     */
    private CompletableFuture<ApiReply> getServices() {
        return detector.firstListing().copy()
                .orTimeout(firstListingWait.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(listed -> {
                    List<NotifiedService> services = detector.known();
                    if (services.isEmpty()) {
                        return CompletableFuture.completedFuture(List.<Map<String, String>>of());
                    }
                    List<String> ids = services.stream().map(NotifiedService::id).toList();
                    return swarm.runningTasks(ids).thenApply(tasks -> {
                        Set<String> ready = TaskReadiness.allRunning(ids, tasks);
                        List<Map<String, String>> answer = new ArrayList<>();
                        List<String> notReady = new ArrayList<>();
                        for (NotifiedService service : services) {
                            if (ready.contains(service.id())) {
                                answer.add(service.createParameters());
                            } else {
                                notReady.add(service.id());
                            }
                        }
                        detector.resend(notReady);
                        return answer;
                    });
                })
                .handle((answer, failure) -> {
                    if (failure == null) {
                        return ApiReply.json(200, answer);
                    }
                    Throwable cause = unwrap(failure);
                    String message = cause instanceof TimeoutException
                            ? "the swarm has not been listed yet (is Docker reachable?); ask again shortly"
                            : "cannot list the tasks of the services: " + cause.getMessage();
                    LOG.error("get-services: {}", message);
                    metrics.error("serveGetServices");
                    return problem(500, message);
                });
    }

    private CompletableFuture<ApiReply> notifyServices() {
        detector.resendAll();
        return done(ok());
    }

    private CompletableFuture<ApiReply> getNodes() {
        return swarm.nodes().handle((nodes, failure) -> {
            if (failure == null) {
                return ApiReply.json(200, nodes.stream().map(NodeParameters::of).toList());
            }
            String message = "cannot list the swarm's nodes: " + unwrap(failure).getMessage();
            LOG.error("get-nodes: {}", message);
            metrics.error("serveGetNodes");
            return problem(500, message);
        });
    }

    private CompletableFuture<ApiReply> feed(Map<String, List<String>> parameters,
                                                  CompletableFuture<Void> clientGone) {
        long after;
        Duration wait;
        try {
            after = number(parameters, "after", -1, "a version from an earlier answer, or leave it out");
            long seconds = number(parameters, "wait", DEFAULT_WAIT.toSeconds(), "seconds from 0 to 60");
            if (seconds < 0) {
                throw new IllegalArgumentException("wait=" + seconds + " is not valid: use seconds from 0 to 60");
            }
            wait = Duration.ofSeconds(Math.min(seconds, MAX_WAIT.toSeconds()));
        } catch (IllegalArgumentException e) {
            return done(problem(400, e.getMessage()));
        }
        CompletableFuture<ServiceFeed.Version> poll = feed.after(after, wait);
        clientGone.whenComplete((gone, failure) -> poll.cancel(false));
        return poll.thenApply(version -> ApiReply.json(200, version));
    }

    private static long number(Map<String, List<String>> parameters, String name, long fallback, String accepted) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty() || values.getFirst().isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(values.getFirst().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + values.getFirst() + " is not valid: use " + accepted);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static CompletableFuture<ApiReply> done(ApiReply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
