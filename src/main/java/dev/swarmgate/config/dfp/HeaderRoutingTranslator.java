package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.RequestCondition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code serviceHeader} and {@code userAgent}: header conditions a destination's requests must also meet (DFP's
 * {@code hdr(Key) Value} and {@code hdr_sub(User-Agent) -i} ACLs on the {@code use_backend} line).
 * Values are never echoed in errors: a header condition can be a shared secret.
 */
final class HeaderRoutingTranslator implements RuleTranslator {

    @Override
    public void translate(RuleContext context, DestinationParameters destination, DestinationRules into)
            throws InvalidServiceException {
        Optional<ParameterValue> headers = destination.get("serviceHeader");
        if (headers.isPresent()) {
            for (RequestCondition condition : headerConditions(headers.get().name(),
                    context.list(destination, "serviceHeader"), context.problem())) {
                into.add(condition);
            }
        }
        Optional<ParameterValue> agents = destination.get("userAgent");
        if (agents.isPresent()) {
            into.add(userAgent(agents.get().name(), context.list(destination, "userAgent"), context.problem()));
        }
    }

    /** {@code X-Version:3,name:viktor}: one condition per pair; DFP splits each pair on its only colon. */
    static List<RequestCondition> headerConditions(String parameter, List<String> items, ServiceProblem problem)
            throws InvalidServiceException {
        if (items.isEmpty()) {
            throw problem.badRequest(parameter + " names no header; write " + parameter + "=Key:Value, e.g. "
                    + parameter + "=X-Version:3");
        }
        List<RequestCondition> conditions = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String item : items) {
            int colon = item.indexOf(':');
            if (colon < 0 || item.indexOf(':', colon + 1) >= 0) {
                throw problem.badRequest(parameter + " has an item that is not one Key:Value pair (one colon"
                        + " between the header name and its value, no colon in the value); write e.g. " + parameter
                        + "=X-Version:3,X-Client:web");
            }
            String name = item.substring(0, colon).strip();
            String value = item.substring(colon + 1).strip();
            if (!HttpTokens.isToken(name)) {
                throw problem.badRequest(parameter + " names the header '" + name + "', which is not a valid header"
                        + " name (letters, digits and !#$%&'*+-.^_`|~ only), e.g. " + parameter + "=X-Version:3");
            }
            if (!names.add(name.toLowerCase(Locale.ROOT))) {
                throw problem.badRequest(parameter + " names the header " + name + " twice; give it once (a value"
                        + " with spaces lists alternatives: " + name + ":a b)");
            }
            List<String> values = List.of(value.split("\\s+"));
            if (value.isEmpty() || !values.stream().allMatch(HttpTokens::isVisible)) {
                throw problem.badRequest(parameter + " gives the header " + name + " no usable value; write "
                        + name + ":<value> with visible ASCII characters, spaces separating alternatives");
            }
            conditions.add(new RequestCondition.HeaderEquals(name, values));
        }
        return conditions;
    }

    /** {@code googlebot,iphone}: any of them, as substrings; spaces separate alternatives too, as HAProxy reads them. */
    static RequestCondition userAgent(String parameter, List<String> items, ServiceProblem problem)
            throws InvalidServiceException {
        List<String> fragments = new ArrayList<>();
        for (String item : items) {
            for (String fragment : item.split("\\s+")) {
                if (!HttpTokens.isVisible(fragment)) {
                    throw problem.badRequest(parameter + " has a fragment with characters a User-Agent cannot"
                            + " match (control or non-ASCII); use visible ASCII, e.g. " + parameter
                            + "=googlebot,iphone");
                }
                fragments.add(fragment);
            }
        }
        if (fragments.isEmpty()) {
            throw problem.badRequest(parameter + " names no User-Agent fragment; write e.g. " + parameter
                    + "=googlebot,iphone, or leave it out for a catch-all destination");
        }
        return new RequestCondition.UserAgentContains(fragments);
    }
}
