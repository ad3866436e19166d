package dev.swarmgate.sync;

import dev.swarmgate.config.ReplicaSync;
import dev.swarmgate.upstream.AddressResolver;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * DFP's {@code distribute=true} (dfp-compat §4.1): the same admin request, with {@code distribute=false}, sent to every
 * replica of the proxy service ({@code tasks.<SERVICE_NAME>}), this one included. Unlike DFP, replicas are called in
 * parallel and each call has a {@link #PEER_TIMEOUT}, so one hung replica neither delays the others nor blocks the
 * caller forever. The error messages are DFP's, word for word, because operators search for them.
 */
public final class ReplicaFanOut {

    /** How long one replica may take to apply a distributed request and answer. */
    public static final Duration PEER_TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFanOut.class);

    private final ReplicaSync proxyService;
    private final IntSupplier adminPort;
    private final AddressResolver resolver;
    private final Supplier<HttpClient> http;

    /**
     * @param proxyService names the proxy service ({@code SERVICE_NAME})
     * @param adminPort    the admin port every replica listens on ({@code PORT}; this replica's is theirs)
     * @param resolver     resolves {@code tasks.<SERVICE_NAME>} to the replicas' addresses
     */
    public ReplicaFanOut(ReplicaSync proxyService, IntSupplier adminPort, AddressResolver resolver,
                         Supplier<HttpClient> http) {
        this.proxyService = proxyService;
        this.adminPort = adminPort;
        this.resolver = resolver;
        this.http = http;
    }

    /**
     * Sends the request to every replica. Completes with empty when every replica answered below 300, or with what
     * went wrong: DFP's message and a 500 when the name did not resolve, it resolved to nothing, or some replicas
     * failed (listed by address); the replicas' own status and message when all of them refused the request with
     * the same 4xx. Never completes exceptionally and never blocks the caller.
     *
     * @param parameters    the query as the receiving proxy decoded it; its {@code distribute} parameters are replaced
     * @param authorization the {@code Authorization} header the request came with, sent on to every replica ("" for
     *                      none): replicas share {@code ADMIN_USERS}, so what this proxy accepted they accept, and
     *                      a hashed password would leave this proxy nothing of its own to send
     */
    public CompletableFuture<Optional<DistributionFailure>> distribute(String method, String path,
                                                                       Map<String, List<String>> parameters,
                                                                       byte[] body, String authorization) {
        String host = proxyService.replicasHost();
        String query = notDistributed(parameters);
        return replicas(host).handle((replicas, failure) -> {
            if (failure != null) {
                LOG.warn("distribute {}: {} could not be resolved: {}", path, host, unwrap(failure).toString());
                return CompletableFuture.completedFuture(Optional.of(DistributionFailure.unreachable(
                        dnsFailure(host))));
            }
            if (replicas.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.of(DistributionFailure.unreachable(
                        noReplicas())));
            }
            return sendToAll(replicas, method, path, query, body, authorization);
        }).thenCompose(outcome -> outcome);
    }

    private CompletableFuture<Optional<DistributionFailure>> sendToAll(List<InetAddress> replicas, String method,
                                                                       String path, String query, byte[] body,
                                                                       String authorization) {
        List<CompletableFuture<Optional<Refusal>>> calls = new ArrayList<>();
        for (InetAddress replica : replicas) {
            calls.add(send(replica, method, path, query, body, authorization));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<String> failed = new ArrayList<>();
            List<Refusal> refusals = new ArrayList<>();
            for (int i = 0; i < replicas.size(); i++) {
                Optional<Refusal> refusal = calls.get(i).join();
                if (refusal.isPresent()) {
                    failed.add(replicas.get(i).getHostAddress());
                    refusals.add(refusal.get());
                }
            }
            if (failed.isEmpty()) {
                return Optional.empty();
            }
            Refusal first = refusals.getFirst();
            if (failed.size() == replicas.size() && first.isClientError()
                    && refusals.stream().allMatch(refusal -> refusal.status() == first.status())) {
                // Every replica refused the request alike: it is the request that is wrong, so say so as they did.
                return Optional.of(new DistributionFailure(first.status(), first.message()));
            }
            // Go's %s of a string slice: [a b c]
            return Optional.of(DistributionFailure.unreachable(
                    "Could not send distribute request to the following addresses: [" + String.join(" ", failed)
                            + "]"));
        });
    }

    /**
     * Every replica's answer to a GET of {@code path} (with {@code distribute=false}), in the order the name resolved,
     * for endpoints whose answer is the concatenation of all replicas' (DFP's {@code metrics?distribute=true}).
     * Completes with the bodies, or with DFP's failure when the name did not resolve, resolved to nothing, or a
     * replica failed or answered 300 or more; never exceptionally.
     */
    public CompletableFuture<Collected> collect(String path, Map<String, List<String>> parameters,
                                                String authorization) {
        String host = proxyService.replicasHost();
        String query = notDistributed(parameters);
        return replicas(host).handle((replicas, failure) -> {
            if (failure != null) {
                LOG.warn("distribute {}: {} could not be resolved: {}", path, host, unwrap(failure).toString());
                return CompletableFuture.completedFuture(Collected.failed(dnsFailure(host)));
            }
            if (replicas.isEmpty()) {
                return CompletableFuture.completedFuture(Collected.failed(noReplicas()));
            }
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (InetAddress replica : replicas) {
                calls.add(get(replica, path, query, authorization));
            }
            return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).handle((done, ignored) -> {
                List<String> bodies = new ArrayList<>();
                List<String> failed = new ArrayList<>();
                for (int i = 0; i < calls.size(); i++) {
                    HttpResponse<String> response = calls.get(i).exceptionally(e -> null).join();
                    if (response == null || response.statusCode() >= 300) {
                        failed.add(replicas.get(i).getHostAddress());
                    } else {
                        bodies.add(response.body());
                    }
                }
                return failed.isEmpty() ? new Collected(bodies, Optional.empty()) : Collected.failed(
                        "Could not send distribute request to the following addresses: [" + String.join(" ", failed)
                                + "]");
            });
        }).thenCompose(outcome -> outcome);
    }

    /** What {@link #collect} gathered: every replica's body, or why not all of them answered. */
    public record Collected(List<String> bodies, Optional<DistributionFailure> failure) {

        static Collected failed(String message) {
            return new Collected(List.of(), Optional.of(DistributionFailure.unreachable(message)));
        }
    }

    private CompletableFuture<HttpResponse<String>> get(InetAddress replica, String path, String query,
                                                        String authorization) {
        String address = replica instanceof Inet6Address ? "[" + replica.getHostAddress() + "]"
                : replica.getHostAddress();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + address + ":"
                + adminPort.getAsInt() + path + "?" + query)).timeout(PEER_TIMEOUT).GET();
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        return http.get().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, e) -> {
            if (e != null) {
                LOG.warn("Distribution request {} to replica {} failed: the replica {}", path, address,
                        TransportFailure.describe(e));
            } else if (response.statusCode() >= 300) {
                LOG.warn("Distribution request {} to replica {} answered status {}", path, address,
                        response.statusCode());
            }
        });
    }

    /** A replica's failure: its status (0 when it could not be reached) and its message. */
    private record Refusal(int status, String message) {

        boolean isClientError() {
            return status >= 400 && status < 500;
        }

        /** The {@code Message} of a replica's DFP JSON answer, or the whole body when it is not one. */
        static Refusal of(int status, String body) {
            try {
                JsonNode message = JSON.readTree(body).path("Message");
                return new Refusal(status, message.isTextual() ? message.asText() : body);
            } catch (JsonProcessingException notJson) {
                return new Refusal(status, body);
            }
        }
    }

    /** Completes with the reason this replica failed, or empty when it answered below 300. */
    private CompletableFuture<Optional<Refusal>> send(InetAddress replica, String method, String path, String query,
                                                     byte[] body, String authorization) {
        String address = replica instanceof Inet6Address ? "[" + replica.getHostAddress() + "]"
                : replica.getHostAddress();
        URI uri = URI.create("http://" + address + ":" + adminPort.getAsInt() + path + "?" + query);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(PEER_TIMEOUT)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        // The query may carry credentials (users=...), so only the path and the replica are logged.
        LOG.info("Sending distribution request {} {} to replica {}", method, path, address);
        return http.get().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            if (failure != null) {
                String reason = TransportFailure.describe(failure);
                LOG.warn("Distribution request {} to replica {} failed: the replica {}", path, address, reason);
                return Optional.of(new Refusal(0, reason));
            }
            if (response.statusCode() >= 300) {
                String reason = "status " + response.statusCode() + ": " + response.body();
                LOG.warn("Distribution request {} to replica {} answered {}", path, address, reason);
                return Optional.of(Refusal.of(response.statusCode(), response.body()));
            }
            return Optional.empty();
        });
    }

    /**
     * The query every replica gets: built anew from the parameters exactly as this proxy decoded them, each name and
     * value percent-encoded, with every {@code distribute} parameter (any case, as the parser reads it) replaced by
     * one {@code distribute=false}. Re-encoding rather than editing the raw text means the replicas read what this
     * proxy read: no spelling the decoder accepts ({@code x;distribute=true}, {@code =distribute=true}) can keep a
     * {@code distribute=true} alive and make the replicas fan out again without end, and no byte that a URI may not
     * hold can reach {@link URI#create}.
     */
    static String notDistributed(Map<String, List<String>> parameters) {
        StringJoiner query = new StringJoiner("&");
        parameters.forEach((name, values) -> {
            if (!name.toLowerCase(Locale.ROOT).equals("distribute")) {
                String encodedName = encode(name);
                for (String value : values) {
                    query.add(encodedName + "=" + encode(value));
                }
            }
        });
        query.add("distribute=false");
        return query.toString();
    }

    /**
     * Percent-encodes a query name or value (UTF-8): what RFC 3986 allows in a query stays readable ({@code /},
     * {@code :}, {@code @}, ...), what would split or end it ({@code &}, {@code ;}, {@code =}, {@code #}, {@code +},
     * {@code %}, a space) and what a URI may not hold is escaped.
     */
    private static String encode(String text) {
        StringBuilder encoded = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~/:@!$'()*,?".indexOf(c) >= 0;
            if (plain) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return encoded.toString();
    }

    /** The replicas' addresses; a resolver that throws completes the future exceptionally, like a failed lookup. */
    private CompletableFuture<List<InetAddress>> replicas(String host) {
        try {
            return resolver.resolve(host);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    String dnsFailure(String host) {
        return "Could not perform DNS lookup for " + host + ". If the proxy is not called 'proxy', you must set "
                + "SERVICE_NAME=<name-of-the-proxy> on the proxy service.";
    }

    String noReplicas() {
        String proxyServiceName = proxyService.proxyServiceName();
        return "Could not resend distribution requests since no replicas of the \"" + proxyServiceName
                + "\" were found. Please check that the name of the service is \"" + proxyServiceName
                + "\". If it isn't, set the environment variable \"SERVICE_NAME\" with the name of the proxy service"
                + " as value.";
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
