package dev.swarmgate.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swarmgate.config.CertificateFile;
import dev.swarmgate.config.ReplicaSync;
import dev.swarmgate.upstream.AddressResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A starting replica's copy of its peers' certificates (dfp-compat §3.3 "Replica bootstrap"): resolve
 * {@code tasks.<SERVICE_NAME>}, keep the addresses inside a subnet of a local interface (as DFP does since its PR #66,
 * so a public address is never asked), ask each for {@code GET /v1/docker-flow-proxy/certs} in parallel and take the
 * largest list. Unlike DFP every request has a {@link #PEER_TIMEOUT}, so a hung peer cannot hold the start for long.
 * Every failure is logged and ends in an empty list: a lone replica starts with what it has.
 */
public final class PeerCertificates {

    /** How long one peer may take to list its certificates. */
    public static final Duration PEER_TIMEOUT = Duration.ofSeconds(5);
    static final String PATH = "/v1/docker-flow-proxy/certs";

    private static final Logger LOG = LoggerFactory.getLogger(PeerCertificates.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReplicaSync proxyService;
    private final int adminPort;
    private final AddressResolver resolver;
    private final Supplier<HttpClient> http;
    private final String authorization;
    private final Predicate<InetAddress> isPeer;

    /**
     * @param adminPort     the admin port every replica listens on ({@code PORT})
     * @param authorization the {@code Authorization} header for the peers ("" when ADMIN_USERS is not set)
     * @param ownAddress    this replica's admin address when it is a specific one, never asked
     */
    public PeerCertificates(ReplicaSync proxyService, int adminPort, AddressResolver resolver, Supplier<HttpClient> http,
                            String authorization, Optional<InetAddress> ownAddress) {
        this(proxyService, adminPort, resolver, http, authorization,
                address -> ownAddress.map(own -> !own.equals(address)).orElse(true)
                        && LocalSubnets.ofThisHost().contains(address));
    }

    PeerCertificates(ReplicaSync proxyService, int adminPort, AddressResolver resolver, Supplier<HttpClient> http,
                     String authorization, Predicate<InetAddress> isPeer) {
        this.proxyService = proxyService;
        this.adminPort = adminPort;
        this.resolver = resolver;
        this.http = http;
        this.authorization = authorization;
        this.isPeer = isPeer;
    }

    /** The certificates of the peer that has the most; empty when there is none or nobody answered. Never fails. */
    public CompletableFuture<List<CertificateFile>> fetch() {
        String host = proxyService.replicasHost();
        CompletableFuture<List<InetAddress>> lookup;
        try {
            lookup = resolver.resolve(host);
        } catch (RuntimeException e) {
            lookup = CompletableFuture.failedFuture(e);
        }
        return lookup.handle((addresses, failure) -> {
            if (failure != null) {
                // Every start outside a swarm lands here: one plain line, no exception text.
                LOG.info("No certificates copied from peer replicas: {} does not resolve; fine for a proxy outside a"
                        + " swarm, else set SERVICE_NAME to the proxy's service name", host);
                LOG.debug("{} lookup failed: {}", host, TransportFailure.describe(failure));
                return CompletableFuture.completedFuture(List.<CertificateFile>of());
            }
            List<InetAddress> peers = addresses.stream().filter(isPeer).toList();
            if (peers.isEmpty()) {
                LOG.info("No certificates copied from peer replicas: {} lists no other replica on a local network"
                        + " ({} address(es))", host, addresses.size());
                return CompletableFuture.completedFuture(List.<CertificateFile>of());
            }
            return largestOf(peers);
        }).thenCompose(lists -> lists);
    }

    private CompletableFuture<List<CertificateFile>> largestOf(List<InetAddress> peers) {
        List<CompletableFuture<List<CertificateFile>>> asked = peers.stream().map(this::ask).toList();
        return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<CertificateFile> largest = List.of();
            String from = "";
            for (int i = 0; i < asked.size(); i++) {
                List<CertificateFile> listed = asked.get(i).join();
                if (listed.size() > largest.size()) {
                    largest = listed;
                    from = peers.get(i).getHostAddress();
                }
            }
            if (!largest.isEmpty()) {
                LOG.info("Copying {} certificate(s) from peer replica {} (the largest list of {} peer(s))",
                        largest.size(), from, peers.size());
            }
            return largest;
        });
    }

    /** One peer's list; empty when it fails. */
    private CompletableFuture<List<CertificateFile>> ask(InetAddress peer) {
        String address = peer instanceof Inet6Address ? "[" + peer.getHostAddress() + "]" : peer.getHostAddress();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + address + ":" + adminPort + PATH))
                .timeout(PEER_TIMEOUT).GET();
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        return http.get().sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .orTimeout(PEER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        LOG.info("Peer replica {} did not list its certificates: it {}", address,
                                TransportFailure.describe(failure));
                        return List.<CertificateFile>of();
                    }
                    if (response.statusCode() != 200) {
                        LOG.warn("Peer replica {} answered {} to {}{}", address, response.statusCode(), PATH,
                                response.statusCode() == 401 ? " (do the replicas share ADMIN_USERS?)" : "");
                        return List.<CertificateFile>of();
                    }
                    return parse(address, response.body());
                });
    }

    /** DFP's {@code {"Certs":[{"ProxyServiceName":..., "CertContent":...}]}}; entries that make no file are skipped. */
    static List<CertificateFile> parse(String peer, String body) {
        JsonNode certs;
        try {
            certs = JSON.readTree(body).path("Certs");
        } catch (IOException e) {
            LOG.warn("Peer replica {} listed its certificates in a body that is not JSON", peer);
            return List.of();
        }
        List<CertificateFile> files = new ArrayList<>();
        for (JsonNode cert : certs) {
            String name = cert.path("ProxyServiceName").asText("");
            String pem = cert.path("CertContent").asText("");
            Optional<String> problem = CertificateFile.problemWithName(name);
            if (problem.isPresent() || pem.isEmpty()) {
                LOG.warn("Peer replica {} listed a certificate that is skipped: {}", peer,
                        problem.orElse("certificate " + name + " has no content"));
                continue;
            }
            files.add(new CertificateFile(name, pem));
        }
        return files;
    }
}
