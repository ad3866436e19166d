package dev.swarmgate.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.json.JsonObjectDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Docker Engine API client over the Unix socket or TCP, built on Netty and Jackson: one short HTTP/1.1 GET per
 * call on a kept-alive connection ({@link EngineConnections}), the API version negotiated once with
 * {@code GET /version}. Every method returns at
 * once; failures complete the future with {@link DockerUnavailableException} (engine unreachable, not a manager)
 * or {@link DockerApiException} (any other error status).
 */
public final class DockerClient implements AutoCloseable {

    private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

    private final DockerEndpoint endpoint;
    private final Duration timeout;
    private final EventLoopGroup group;
    private final Class<? extends Channel> channelClass;
    private final SocketAddress socketAddress; // unix only; TCP hosts are resolved per call
    private final EventLoop loop;
    private final EngineConnections connections;
    private final AtomicReference<CompletableFuture<ApiVersion>> version = new AtomicReference<>();
    private final AtomicReference<TaskListing> lastTaskListing = new AtomicReference<>();

    public DockerClient(DockerEndpoint endpoint) {
        this(endpoint, Duration.ofSeconds(10));
    }

    /**
     * @param timeout for connecting and for the whole answer of each request
     * @throws DockerUnavailableException for a Unix socket when native epoll is not available
     */
    public DockerClient(DockerEndpoint endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        boolean epoll = Epoll.isAvailable();
        if (endpoint.isUnix()) {
            if (!epoll) {
                throw new DockerUnavailableException("Docker socket " + endpoint.socketPath()
                        + " needs native epoll, which did not load (" + Epoll.unavailabilityCause()
                        + "); use DOCKER_HOST=tcp://host:2375 instead", Epoll.unavailabilityCause());
            }
            channelClass = EpollDomainSocketChannel.class;
            socketAddress = new DomainSocketAddress(endpoint.socketPath());
        } else {
            channelClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
            socketAddress = null;
        }
        // One thread is plenty: a handful of small requests per second at most, none blocking.
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("docker-api", true),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        loop = group.next();
        connections = new EngineConnections(() -> connect(ch -> ch.pipeline().addLast(new HttpClientCodec(),
                new HttpObjectAggregator(MAX_RESPONSE_BYTES), new ResponseHandler())));
    }

    public DockerEndpoint endpoint() {
        return endpoint;
    }

    /**
     * The version this client speaks with the engine: the lower of the engine's and {@link ApiVersion#CLIENT}.
     * Asked once and remembered; a failed attempt is forgotten so the next call asks again.
     */
    public CompletableFuture<ApiVersion> apiVersion() {
        CompletableFuture<ApiVersion> current = version.get();
        if (current != null && !current.isCompletedExceptionally()) {
            return current;
        }
        CompletableFuture<ApiVersion> asked = get("/version").thenApply(this::negotiate);
        if (!version.compareAndSet(current, asked)) {
            return apiVersion();
        }
        return asked;
    }

    private ApiVersion negotiate(byte[] body) {
        JsonNode json = EngineJson.read(body);
        ApiVersion engine = ApiVersion.parse(EngineJson.text(json, "ApiVersion"));
        if (engine.compareTo(ApiVersion.MINIMUM) < 0) {
            throw new DockerUnavailableException("Docker at " + endpoint + " speaks API " + engine + " (engine "
                    + EngineJson.text(json, "Version") + "); Swarmgate needs API " + ApiVersion.MINIMUM
                    + " or newer (Docker 19.03+): upgrade the engine");
        }
        return ApiVersion.negotiate(engine);
    }

    /** Every service with its labels. */
    public CompletableFuture<List<SwarmService>> services() {
        return getVersioned("/services")
                .thenApply(body -> EngineJson.list(EngineJson.read(body), SwarmService::fromJson));
    }

    /** The tasks of one service, in every state (filter with {@link SwarmTask#isRunning()}). */
    public CompletableFuture<List<SwarmTask>> tasks(String serviceId) {
        return tasks(Map.of("service", List.of(serviceId)));
    }

    /**
     * Tasks matching Engine API filters, such as {@code {"service": ["web"], "desired-state": ["running"]}};
     * an empty map lists every task. An answer with the same tasks as the last one for the same filters (in any
     * order) is not parsed again: it gives the same list, the very instance, so a caller polling for changes can
     * tell that nothing changed by identity.
     */
    public CompletableFuture<List<SwarmTask>> tasks(Map<String, List<String>> filters) {
        String path = "/tasks" + filterQuery(filters);
        return getVersioned(path).thenApply(body -> tasksOf(path, body));
    }

    /** The last task listing: which filters, its elements, and what they were parsed into. */
    private record TaskListing(String path, JsonArrayElements elements, List<SwarmTask> tasks) {
    }

    private List<SwarmTask> tasksOf(String path, byte[] body) {
        Optional<JsonArrayElements> elements = JsonArrayElements.of(body);
        TaskListing last = lastTaskListing.get();
        if (last != null && last.path().equals(path) && elements.isPresent()
                && last.elements().equals(elements.get())) {
            return last.tasks();
        }
        List<SwarmTask> tasks = EngineJson.list(EngineJson.read(body), SwarmTask::fromJson);
        lastTaskListing.set(elements.map(e -> new TaskListing(path, e, tasks)).orElse(null));
        return tasks;
    }

    /** Every node of the swarm. */
    public CompletableFuture<List<SwarmNode>> nodes() {
        return getVersioned("/nodes")
                .thenApply(body -> EngineJson.list(EngineJson.read(body), SwarmNode::fromJson));
    }

    static String filterQuery(Map<String, List<String>> filters) {
        if (filters.isEmpty()) {
            return "";
        }
        try {
            String json = EngineJson.MAPPER.writeValueAsString(filters);
            return "?filters=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("filters cannot be written as JSON: " + filters, e);
        }
    }

    private CompletableFuture<byte[]> getVersioned(String path) {
        return apiVersion().thenCompose(v -> get(v.pathPrefix() + path));
    }

    private CompletableFuture<byte[]> get(String path) {
        return exchange(path).thenApply(response -> {
            if (response.status() / 100 == 2) {
                return response.body();
            }
            throw failure("GET " + path, response);
        });
    }

    private RuntimeException failure(String request, Response response) {
        String message = EngineJson.errorMessage(response.body());
        if (response.status() == 503 && message.contains("not a swarm manager")) {
            return new DockerUnavailableException("Docker at " + endpoint + " is not a swarm manager (" + message
                    + "). Swarmgate reads services from a manager: place it on one (deploy.placement.constraints:"
                    + " [node.role == manager]), point DF_DOCKER_HOST at a manager, or run 'docker swarm init'");
        }
        return new DockerApiException(request + " on " + endpoint, response.status(), message);
    }

    /** @param keepAlive whether the engine keeps the connection open for the next call */
    private record Response(int status, byte[] body, boolean keepAlive) {
    }

    private CompletableFuture<Response> exchange(String path) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        loop.execute(() -> exchange(path, result));
        return result;
    }

    /** On a kept connection if one is idle, else on a new one. */
    private void exchange(String path, CompletableFuture<Response> result) {
        Channel kept = connections.takeIdle();
        if (kept != null) {
            send(kept, path, result, true);
        } else {
            sendOnNewConnection(path, result);
        }
    }

    private void sendOnNewConnection(String path, CompletableFuture<Response> result) {
        connections.open().addListener((ChannelFutureListener) connected -> {
            if (connected.isSuccess()) {
                send(connected.channel(), path, result, false);
            } else {
                result.completeExceptionally(connectFailure(connected.cause()));
            }
        });
    }

    /**
     * Sends one request and completes the result with its answer. A kept connection can have been closed by the
     * engine just before it was used (a restart, an idle timeout): when one fails before answering, the call is made
     * once more on a new connection, so the caller sees what a new connection meets (an answer, or why Docker cannot
     * be reached) and never the stale connection.
     */
    private void send(Channel ch, String path, CompletableFuture<Response> result, boolean kept) {
        CompletableFuture<Response> answer = ch.pipeline().get(ResponseHandler.class).expect();
        ScheduledFuture<?> deadline = loop.schedule(() -> {
            result.completeExceptionally(new DockerUnavailableException("Docker at " + endpoint
                    + " did not answer GET " + path + " within " + timeout.toMillis() + " ms"));
            ch.close(); // a late answer must not be taken for the next call's
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        answer.whenComplete((response, error) -> {
            deadline.cancel(false);
            if (error == null) {
                connections.giveBack(ch, response.keepAlive());
                result.complete(response);
                return;
            }
            ch.close();
            if (kept && !result.isDone()) {
                sendOnNewConnection(path, result);
            } else {
                result.completeExceptionally(error);
            }
        });
        ch.writeAndFlush(request(path)).addListener((ChannelFutureListener) written -> {
            if (!written.isSuccess()) {
                answer.completeExceptionally(new DockerUnavailableException("Docker at " + endpoint
                        + ": sending GET " + path + " failed: " + written.cause(), written.cause()));
            }
        });
    }

    /**
     * Subscribes to the Engine's {@code /events} with these filters (such as {@code {"type": ["service"]}}). The
     * consumer runs on the client's I/O thread and must not block. See {@link EventStream} for the life cycle.
     */
    public EventStream events(Map<String, List<String>> filters, Consumer<DockerEvent> consumer) {
        EventStream stream = new EventStream();
        apiVersion().whenComplete((version, failure) -> {
            if (failure != null) {
                stream.end(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
                return;
            }
            String path = version.pathPrefix() + "/events" + filterQuery(filters);
            connect(ch -> ch.pipeline().addLast(new HttpClientCodec(), new EventStreamFraming(stream, "GET " + path
                    + " on " + endpoint), new JsonObjectDecoder(), new EventStreamReader(stream, consumer)))
                    .addListener((ChannelFutureListener) connected -> {
                        if (!connected.isSuccess()) {
                            stream.end(connectFailure(connected.cause()));
                            return;
                        }
                        stream.attach(connected.channel());
                        connected.channel().writeAndFlush(request(path));
                    });
        });
        return stream;
    }

    private ChannelFuture connect(Consumer<Channel> pipeline) {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        pipeline.accept(ch);
                    }
                });
        SocketAddress target = endpoint.isUnix() ? socketAddress
                : new InetSocketAddress(endpoint.host(), endpoint.port()); // resolved per call: managers move
        return bootstrap.connect(target);
    }

    private FullHttpRequest request(String path) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path,
                Unpooled.EMPTY_BUFFER);
        request.headers()
                .set(HttpHeaderNames.HOST, endpoint.isUnix() ? "docker" : endpoint.host() + ":" + endpoint.port())
                .set(HttpHeaderNames.USER_AGENT, "swarmgate")
                .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON);
        return request;
    }

    /** Turns a failed connect into a message that names the cause and its fix. */
    DockerUnavailableException connectFailure(Throwable cause) {
        String text = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (endpoint.isUnix()) {
            String socket = endpoint.socketPath();
            if (text.contains("no such file") || !Files.exists(Path.of(socket))) {
                return new DockerUnavailableException("Docker socket " + socket + " does not exist (ENOENT). Mount"
                        + " it into the container (-v /var/run/docker.sock:/var/run/docker.sock, or a bind mount in"
                        + " the stack file) or set DF_DOCKER_HOST/DOCKER_HOST to where the engine listens", cause);
            }
            if (text.contains("permission denied")) {
                return new DockerUnavailableException("Permission denied on Docker socket " + socket + " (EACCES)."
                        + " Run as root or with the socket's group (ls -ln " + socket + "; docker run --group-add"
                        + " <gid>), or reach the engine over TCP with DF_DOCKER_HOST=tcp://host:2375", cause);
            }
            if (text.contains("connection refused")) {
                return new DockerUnavailableException("Nothing listens on Docker socket " + socket + " (connection"
                        + " refused): is dockerd running?", cause);
            }
        } else if (text.contains("connection refused")) {
            return new DockerUnavailableException("Docker at " + endpoint + " refused the connection: is dockerd"
                    + " listening there (dockerd -H tcp://0.0.0.0:" + endpoint.port() + ") and is the port"
                    + " reachable from here?", cause);
        }
        return new DockerUnavailableException("Cannot connect to Docker at " + endpoint + ": " + cause, cause);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Completes the answer the call on this connection waits for; a connection carries one call at a time. */
    private static final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

        private CompletableFuture<Response> pending;

        CompletableFuture<Response> expect() {
            pending = new CompletableFuture<>();
            return pending;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            CompletableFuture<Response> answered = pending;
            pending = null;
            if (answered == null) {
                ctx.close(); // an answer nobody asked for: the connection is out of step
                return;
            }
            answered.complete(new Response(response.status().code(), ByteBufUtil.getBytes(response.content()),
                    HttpUtil.isKeepAlive(response)));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(cause instanceof IOException
                    ? new DockerUnavailableException("Docker connection failed: " + cause, cause) : cause);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (pending != null) {
                fail(new DockerUnavailableException("Docker closed the connection before answering"));
            }
        }

        private void fail(Throwable cause) {
            CompletableFuture<Response> failed = pending;
            pending = null;
            if (failed != null) {
                failed.completeExceptionally(cause);
            }
        }
    }
}
