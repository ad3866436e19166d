package dev.swarmgate.routing;

import dev.swarmgate.config.RequestCondition;
import dev.swarmgate.routing.rules.HeaderElements;
import dev.swarmgate.routing.rules.RequestView;

import java.util.ArrayList;
import java.util.List;

/**
 * A destination's {@code serviceHeader} and {@code userAgent} conditions, compiled: all must hold. A request with
 * no headers to show (null view) meets none of them. Rules without conditions have no instance of this at all, so
 * their matching stays allocation-free.
 */
final class HeaderConditions {

    private static final String USER_AGENT = "User-Agent";

    private final String[] names;
    private final String[][] values;
    private final String[] agentFragments;

    private HeaderConditions(String[] names, String[][] values, String[] agentFragments) {
        this.names = names;
        this.values = values;
        this.agentFragments = agentFragments;
    }

    /** Null when there is no condition. */
    static HeaderConditions of(List<RequestCondition> conditions) {
        if (conditions.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        List<String[]> values = new ArrayList<>();
        List<String> fragments = new ArrayList<>();
        boolean agents = false;
        for (RequestCondition condition : conditions) {
            switch (condition) {
                case RequestCondition.HeaderEquals header -> {
                    names.add(header.name());
                    values.add(header.values().toArray(String[]::new));
                }
                case RequestCondition.UserAgentContains agent -> {
                    agents = true;
                    fragments.addAll(agent.fragments());
                }
            }
        }
        return new HeaderConditions(names.toArray(String[]::new), values.toArray(String[][]::new),
                agents ? fragments.toArray(String[]::new) : null);
    }

    boolean matches(RequestView request) {
        if (request == null) {
            return false;
        }
        for (int i = 0; i < names.length; i++) {
            if (!HeaderElements.anyEquals(request.headers(names[i]), values[i], false)) {
                return false;
            }
        }
        return agentFragments == null
                || HeaderElements.anyContainsIgnoreCase(request.headers(USER_AGENT), agentFragments);
    }

    /** {@code hdr(X-Version) 3  hdr_sub(User-Agent) -i googlebot iphone}, as DFP's ACLs read. */
    String describe() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            out.append(i == 0 ? "" : "  ").append("hdr(").append(names[i]).append(')');
            for (String value : values[i]) {
                out.append(' ').append(value);
            }
        }
        if (agentFragments != null) {
            out.append(names.length == 0 ? "" : "  ").append("hdr_sub(User-Agent) -i");
            for (String fragment : agentFragments) {
                out.append(' ').append(fragment);
            }
        }
        return out.toString();
    }
}
