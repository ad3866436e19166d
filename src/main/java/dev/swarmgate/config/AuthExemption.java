package dev.swarmgate.config;

/** {@code ignoreAuthorization=true}: neither the service's users nor the global {@code USERS} guard this destination. */
public record AuthExemption() implements HttpRule {
}
