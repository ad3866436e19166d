package dev.swarmgate.upstream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The sticky-session ids of one endpoint set for one service, both ways: the id a response's cookie carries, and the
 * endpoint a request's cookie names. Built once per endpoint set (off the request path), so lookups allocate nothing.
 *
 * <p>An id is the first 16 hex characters of {@code SHA-256(<serviceName> "|" <ip>:<port>)}. It is a fixed
 * derivation, not a keyed one, so every proxy replica (and a restarted one) gives the same endpoint the same id
 * without sharing a secret, and the cookie never shows the address itself. It is not a secret either: someone who
 * knows the derivation can try the addresses of a subnet until one matches.
 */
public final class StickyEndpoints {

    private static final int ID_HEX_CHARS = 16;

    private final String serviceName;
    private final Endpoint[] endpoints;
    private final Map<String, Endpoint> byId;
    private final Map<Endpoint, String> ids;

    StickyEndpoints(String serviceName, Endpoint[] endpoints) {
        this.serviceName = serviceName;
        this.endpoints = endpoints;
        this.byId = HashMap.newHashMap(endpoints.length);
        this.ids = new IdentityHashMap<>(endpoints.length);
        for (Endpoint endpoint : endpoints) {
            String id = id(serviceName, endpoint.key());
            byId.put(id, endpoint);
            ids.put(endpoint, id);
        }
    }

    /** The id of the endpoint {@code ip:port} ({@link Endpoint#key()}) of a service. */
    public static String id(String serviceName, String endpointKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((serviceName + "|" + endpointKey).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, ID_HEX_CHARS / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The endpoint an id names, or null when no current endpoint has it (the task went away, or a forged value). */
    public Endpoint endpoint(String id) {
        return byId.get(id);
    }

    /** The id of one of these endpoints, or null for an endpoint of another set. */
    public String idOf(Endpoint endpoint) {
        return ids.get(endpoint);
    }

    boolean builtFrom(String serviceName, Endpoint[] current) {
        return endpoints == current && this.serviceName.equals(serviceName);
    }
}
