package dev.swarmgate.routing.rules;

import java.util.List;

/**
 * A route's compiled rules: the request steps in the order they run (redirects, access control, authentication,
 * rewrites, header edits), the response steps, and the response compression the route switches on (null: none).
 */
public record RouteRules(List<RequestStep> request, List<ResponseStep> response, CompressionPolicy compression) {

    public static final RouteRules NONE = new RouteRules(List.of(), List.of(), null);

    public RouteRules {
        request = List.copyOf(request);
        response = List.copyOf(response);
    }

    public boolean isEmpty() {
        return request.isEmpty() && response.isEmpty() && compression == null;
    }
}
