package dev.swarmgate.admin;

import dev.swarmgate.httpapi.ApiReply;
import dev.swarmgate.sync.ReplicaFanOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code /metrics} and {@code /v1/docker-flow-proxy/metrics}: this proxy's Prometheus text, or with
 * {@code distribute=true} every replica's one after the other, as DFP concatenated its replicas' stats.
 */
final class MetricsEndpoint {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    private final Supplier<String> scrape;
    private final ReplicaFanOut replicas;

    MetricsEndpoint(Supplier<String> scrape, ReplicaFanOut replicas) {
        this.scrape = scrape;
        this.replicas = replicas;
    }

    CompletableFuture<ApiReply> reply(String path, Map<String, List<String>> parameters, AdminRequest request) {
        if (!QueryParameters.flag(parameters, "distribute")) {
            return CompletableFuture.completedFuture(ApiReply.text(200, CONTENT_TYPE, scrape.get()));
        }
        return replicas.collect(path, parameters, request.authorization()).thenApply(collected -> {
            if (collected.failure().isPresent()) {
                LOG.warn("metrics distribute=true failed: {}", collected.failure().get().message());
                return ApiReply.json(collected.failure().get().status(),
                        DfpResponse.nok(collected.failure().get().message(), ""));
            }
            StringBuilder all = new StringBuilder();
            for (String body : collected.bodies()) {
                all.append(body);
                if (!body.isEmpty() && body.charAt(body.length() - 1) != '\n') {
                    all.append('\n');
                }
            }
            return ApiReply.text(200, CONTENT_TYPE, all.toString());
        });
    }
}
