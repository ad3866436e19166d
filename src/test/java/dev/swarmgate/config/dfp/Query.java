package dev.swarmgate.config.dfp;

import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.Timeouts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test fixtures: a query string as the parameter map the API hands over, and DFP's default settings. */
final class Query {

    private Query() {
    }

    /** {@code a=1&b=2&a=3}; no URL decoding, '&' and the first '=' split. */
    static Map<String, List<String>> of(String query) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    static Settings settings() {
        return settings(",", DomainMatch.PREFIX, false);
    }

    static Settings settings(String separator, DomainMatch domainMatch, boolean httpsOnly) {
        return new Settings(0, "0.0.0.0", "0.0.0.0", 8080, List.of(), List.of(), Timeouts.dfpDefaults(), separator, domainMatch,
                httpsOnly, Optional.empty(), Optional.empty(), List.of());
    }
}
