package dev.swarmgate.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tiny backend for {@code swarmgate demo} (on an ephemeral 127.0.0.1 port) and {@code swarmgate demo-backend} (a
 * service to route to in a swarm): any path ending in {@code /hello} greets with the backend's name, any path ending
 * in {@code /echo} echoes the request line and headers, so it works under whichever service path the proxy routes
 * to it.
 */
final class DemoBackend implements AutoCloseable {

    private final String name;
    private final HttpServer server;

    DemoBackend(int number) throws IOException {
        this(Integer.toString(number), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** @param name what {@code /hello} says after "hello from demo backend " */
    DemoBackend(String name, InetSocketAddress address) throws IOException {
        this.name = name;
        this.server = HttpServer.create(address, 0);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/hello")) {
                reply(exchange, 200, "hello from demo backend " + name + "\n");
            } else if (path.endsWith("/echo")) {
                StringBuilder echo = new StringBuilder()
                        .append(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI()).append('\n');
                Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                headers.putAll(exchange.getRequestHeaders());
                headers.forEach((name, values) ->
                        values.forEach(value -> echo.append(name).append(": ").append(value).append('\n')));
                reply(exchange, 200, echo.toString());
            } else {
                reply(exchange, 404, "demo backend " + name + " serves only .../hello and .../echo\n");
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
