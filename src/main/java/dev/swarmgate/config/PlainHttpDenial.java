package dev.swarmgate.config;

/** {@code denyHttp=true}: a request that did not arrive over TLS gets a 403. */
public record PlainHttpDenial() implements HttpRule {
}
