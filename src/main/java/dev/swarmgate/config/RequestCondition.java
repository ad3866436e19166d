package dev.swarmgate.config;

import java.util.List;

/**
 * A condition on request headers a destination's requests must meet, beside its paths and domains
 * ({@code serviceHeader}, {@code userAgent}).
 */
public sealed interface RequestCondition {

    /** {@code serviceHeader=Key:Value}: the header {@code name} has the value {@code value}. */
    record HeaderEquals(String name, String value) implements RequestCondition {
    }

    /** {@code userAgent}: the User-Agent contains one of {@code fragments}, case-insensitive. */
    record UserAgentContains(List<String> fragments) implements RequestCondition {

        public UserAgentContains {
            fragments = List.copyOf(fragments);
        }
    }
}
