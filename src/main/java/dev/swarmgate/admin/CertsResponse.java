package dev.swarmgate.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Docker Flow Proxy's {@code cert} and {@code certs} reply ({@code CertResponse} in its server/cert.go):
 * {@code Certs} is null for a PUT and for errors, the list for {@code GET /certs}.
 */
@JsonPropertyOrder({"Status", "Message", "Certs"})
record CertsResponse(
        @JsonProperty("Status") String status,
        @JsonProperty("Message") String message,
        @JsonProperty("Certs") List<Cert> certs) {

    /** One certificate as DFP lists it; {@code ServicePort} is always empty, as in DFP. */
    @JsonPropertyOrder({"ServicePort", "ProxyServiceName", "CertsDir", "CertContent"})
    record Cert(
            @JsonProperty("ServicePort") String servicePort,
            @JsonProperty("ProxyServiceName") String proxyServiceName,
            @JsonProperty("CertsDir") String certsDir,
            @JsonProperty("CertContent") String certContent) {
    }

    static CertsResponse ok(String message) {
        return new CertsResponse("OK", message, null);
    }

    static CertsResponse nok(String message) {
        return new CertsResponse("NOK", message, null);
    }
}
