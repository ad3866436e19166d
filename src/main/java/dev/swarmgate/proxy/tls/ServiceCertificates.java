package dev.swarmgate.proxy.tls;

import dev.swarmgate.config.CertificateFile;
import dev.swarmgate.config.GatewayConfig;
import dev.swarmgate.config.ServiceSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Hands the {@code serviceCert} of services to the {@link CertificateStore} as configurations are published: only a
 * certificate that is new or changed since the previous publication, so an unrelated change does not put back a
 * service's old certificate over a newer {@code PUT /cert} of the same name. As in Docker Flow Proxy, a certificate
 * stays when its service goes away. Every publication also has the store read the certificates directory again, so
 * a file dropped into it is served from the next configuration change on (DFP rewrote its crt-list at each one).
 * Called on the configuration store's thread, one publication at a time.
 */
public final class ServiceCertificates {

    private final CertificateStore store;
    /** What each service brought at the previous publication, by service name. */
    private Map<String, CertificateFile> previous = Map.of();

    public ServiceCertificates(CertificateStore store) {
        this.store = store;
    }

    /** Stores what changed; completes when the certificates are served (never fails: bad ones are logged). */
    public synchronized CompletableFuture<?> publish(GatewayConfig config) {
        Map<String, CertificateFile> now = new HashMap<>();
        List<CertificateFile> changed = new ArrayList<>();
        for (ServiceSpec service : config.services().values()) {
            service.certificate().ifPresent(file -> {
                now.put(service.name(), file);
                if (!file.equals(previous.get(service.name()))) {
                    changed.add(file);
                }
            });
        }
        previous = now;
        // Also with nothing changed: every configuration change reads the certificates directory again, as DFP did.
        return store.putAll(changed, "serviceCert");
    }
}
