package dev.swarmgate.admin;

import dev.swarmgate.config.CertificateFile;
import dev.swarmgate.httpapi.ApiReply;
import dev.swarmgate.httpapi.RequestTarget;
import dev.swarmgate.proxy.tls.CertificateStore;
import dev.swarmgate.proxy.tls.InvalidCertificateException;
import dev.swarmgate.sync.DistributionFailure;
import dev.swarmgate.sync.ReplicaFanOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * DFP's {@code PUT /cert} and {@code /certs} (dfp-compat §1.1): uploading a combined PEM under a file name, and
 * listing the certificates a peer may copy (secrets left out). Unlike DFP, an upload is checked first: a body that
 * does not read into a certificate is a 400 that says why, and the certificate served under that name stays.
 */
final class CertificateEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateEndpoints.class);

    private final CertificateStore certificates;
    private final ReplicaFanOut replicas;

    CertificateEndpoints(CertificateStore certificates, ReplicaFanOut replicas) {
        this.certificates = certificates;
        this.replicas = replicas;
    }

    CompletableFuture<ApiReply> put(Map<String, List<String>> parameters, AdminRequest received) {
        if (!received.method().equals("PUT")) {
            ApiReply refused = ApiReply.json(405, CertsResponse.nok("cert takes PUT only, with the PEM as the body,"
                    + " e.g. curl -X PUT --data-binary @example.com.pem '.../cert?certName=example.com.pem'"));
            return done(new ApiReply(refused.status(), refused.contentType(), refused.body(), Map.of("Allow", "PUT")));
        }
        Optional<String> name = QueryParameters.first(parameters, "certName").filter(given -> !given.isEmpty());
        if (name.isEmpty()) {
            return badRequest("Query parameter certName is mandatory");
        }
        if (received.body().length == 0) {
            return badRequest("Body is empty");
        }
        Optional<String> badName = CertificateFile.problemWithName(name.get());
        if (badName.isPresent()) {
            return badRequest(badName.get());
        }
        CertificateFile upload = new CertificateFile(name.get(), new String(received.body(), StandardCharsets.UTF_8));
        if (QueryParameters.flag(parameters, "distribute")) {
            return certificates.check(upload).handle((certificate, failure) -> failure)
                    .thenCompose(failure -> failure != null ? CompletableFuture.completedFuture(refusal(upload, failure))
                            : distribute(upload, received));
        }
        return certificates.put(upload).handle((change, failure) -> {
            if (failure != null) {
                return refusal(upload, failure);
            }
            LOG.info("cert certName={} stored: serves {}", upload.name(), change.certificate().serverNames());
            return ApiReply.json(200, CertsResponse.ok(change.persistenceProblem().orElse("")));
        });
    }

    /** Every certificate but secrets, in serving order, with DFP's field names. */
    ApiReply all() {
        String dir = certificates.certsDir().toString();
        List<CertsResponse.Cert> listed = certificates.shareable().stream()
                .map(certificate -> new CertsResponse.Cert("", certificate.name(), dir, certificate.pem())).toList();
        return ApiReply.json(200, new CertsResponse("OK", "", listed));
    }

    private CompletableFuture<ApiReply> distribute(CertificateFile upload, AdminRequest received) {
        RequestTarget uri = RequestTarget.parse(received.uri());
        return replicas.distribute(received.method(), uri.path(), uri.parameters(), received.body(),
                received.authorization()).thenApply(problem -> {
            if (problem.isPresent()) {
                DistributionFailure failure = problem.get();
                LOG.warn("cert certName={} distribute=true failed ({}): {}", upload.name(), failure.status(),
                        failure.message());
                return ApiReply.json(failure.status(), CertsResponse.nok(failure.message()));
            }
            LOG.info("cert certName={} distributed to every replica", upload.name());
            return ApiReply.json(200, CertsResponse.ok(ServiceEndpoints.DISTRIBUTED));
        });
    }

    private static ApiReply refusal(CertificateFile upload, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof InvalidCertificateException invalid) {
            LOG.info("cert certName={} refused: {}", upload.name(), invalid.getMessage());
            return ApiReply.json(400, CertsResponse.nok(invalid.getMessage()));
        }
        LOG.error("cert certName={} failed", upload.name(), cause);
        return ApiReply.json(500, CertsResponse.nok("Storing certificate " + upload.name() + " failed: " + cause));
    }

    private static CompletableFuture<ApiReply> badRequest(String message) {
        LOG.info("cert refused: {}", message);
        return done(ApiReply.json(400, CertsResponse.nok(message)));
    }

    private static CompletableFuture<ApiReply> done(ApiReply reply) {
        return CompletableFuture.completedFuture(reply);
    }
}
