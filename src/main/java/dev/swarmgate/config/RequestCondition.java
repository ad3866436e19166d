package dev.swarmgate.config;

import java.util.List;

/**
 * A condition on request headers a destination's requests must meet, beside its paths and domains
 * ({@code serviceHeader}, {@code userAgent}). A destination's conditions must all hold.
 */
public sealed interface RequestCondition {

    /**
     * {@code serviceHeader=Key:Value} (HAProxy {@code hdr(Key) Value}): some value of the header {@code name}, each
     * comma-separated element counted on its own, equals one of {@code values} exactly (letter case counts). HAProxy
     * reads a value with spaces as several alternatives, hence the list.
     */
    record HeaderEquals(String name, List<String> values) implements RequestCondition {

        public HeaderEquals {
            values = List.copyOf(values);
        }
    }

    /**
     * {@code userAgent} (HAProxy {@code hdr_sub(User-Agent) -i}): some User-Agent value contains one of
     * {@code fragments}, letter case ignored.
     */
    record UserAgentContains(List<String> fragments) implements RequestCondition {

        public UserAgentContains {
            fragments = List.copyOf(fragments);
        }
    }
}
