package dev.swarmgate.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a Swarm listener, since Docker Flow Swarm Listener itself (a Go program that needs a Docker swarm)
 * cannot run here: a JDK HTTP server on 127.0.0.1 that answers DFSL's {@code get-services} with the list a test sets,
 * counts {@code notify-services} calls, and, only when {@link #offerFeed()} was called, answers Swarmgate's
 * long-polling feed the way the protocol describes. Without the feed it answers 404 there, as a DFSL does.
 */
final class SwarmListenerStandIn implements AutoCloseable {

    static final String GET_SERVICES = "/v1/docker-flow-swarm-listener/get-services";
    static final String NOTIFY_SERVICES = "/v1/docker-flow-swarm-listener/notify-services";
    static final String FEED = "/v1/swarmgate/feed";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Object lock = new Object();
    private String body = "[]";
    private long version = 1;
    private int status = 200;
    private int notifyStatus = 200;
    private volatile boolean feedOffered;
    private volatile CountDownLatch holdGetServices = new CountDownLatch(0);
    private final AtomicInteger getServicesCalls = new AtomicInteger();
    private final AtomicInteger notifyCalls = new AtomicInteger();
    private final List<String> feedQueries = new CopyOnWriteArrayList<>();

    private SwarmListenerStandIn(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        server.setExecutor(executor);
        server.createContext(GET_SERVICES, this::getServices);
        server.createContext(NOTIFY_SERVICES, this::notifyServices);
        server.createContext(FEED, this::feed);
        server.start();
    }

    /** On a free port. */
    static SwarmListenerStandIn start() {
        return start(0);
    }

    /** On this port (a listener that comes up after the proxy tried it). */
    static SwarmListenerStandIn start(int port) {
        try {
            return new SwarmListenerStandIn(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:<port>}, as LISTENER_ADDRESS takes it. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Lists these services (DFSL parameter maps) from now on; for the feed, as a new version. */
    SwarmListenerStandIn list(List<Map<String, String>> services) {
        try {
            setBody(JSON.writeValueAsString(services));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Answers get-services with exactly this text (to send what is not a proper list). */
    SwarmListenerStandIn listRaw(String json) {
        setBody(json);
        return this;
    }

    private void setBody(String json) {
        synchronized (lock) {
            body = json;
            version++;
            lock.notifyAll();
        }
    }

    /** Answers get-services with this status (and an error text) instead of 200. */
    SwarmListenerStandIn failWith(int status) {
        synchronized (lock) {
            this.status = status;
        }
        return this;
    }

    SwarmListenerStandIn failNotifyWith(int status) {
        synchronized (lock) {
            this.notifyStatus = status;
        }
        return this;
    }

    /** Holds every get-services request until {@link #releaseGetServices()}. */
    SwarmListenerStandIn holdGetServices() {
        holdGetServices = new CountDownLatch(1);
        return this;
    }

    void releaseGetServices() {
        holdGetServices.countDown();
    }

    /** Answers the Swarmgate feed instead of 404. */
    SwarmListenerStandIn offerFeed() {
        feedOffered = true;
        return this;
    }

    int getServicesCalls() {
        return getServicesCalls.get();
    }

    int notifyCalls() {
        return notifyCalls.get();
    }

    /** The query of every feed request, in order. */
    List<String> feedQueries() {
        return List.copyOf(feedQueries);
    }

    private void getServices(HttpExchange exchange) throws IOException {
        getServicesCalls.incrementAndGet();
        try {
            holdGetServices.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int answer;
        String text;
        synchronized (lock) {
            answer = status;
            text = status == 200 ? body : "stand-in listener error";
        }
        reply(exchange, answer, text);
    }

    private void notifyServices(HttpExchange exchange) throws IOException {
        notifyCalls.incrementAndGet();
        int answer;
        synchronized (lock) {
            answer = notifyStatus;
        }
        reply(exchange, answer, answer == 200 ? "{\"Status\":\"OK\"}" : "stand-in notify error");
    }

    /** {@code ?after=<version>&wait=<seconds>}: the list as soon as its version is above after, or after wait. */
    private void feed(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        feedQueries.add(uri.getRawQuery());
        if (!feedOffered) {
            reply(exchange, 404, "404 page not found");
            return;
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        long after = Long.parseLong(query.get("after"));
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(query.get("wait"))).toNanos();
        String text;
        synchronized (lock) {
            try {
                while (version <= after && System.nanoTime() < deadline) {
                    lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            text = "{\"version\":" + version + ",\"services\":" + body + "}";
        }
        reply(exchange, 200, text);
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        holdGetServices.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
