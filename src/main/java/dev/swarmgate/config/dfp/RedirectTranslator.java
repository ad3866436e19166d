package dev.swarmgate.config.dfp;

import dev.swarmgate.config.DomainRedirect;
import dev.swarmgate.config.HttpsRedirect;
import dev.swarmgate.config.InvalidServiceException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code redirectFromDomain}, {@code httpsOnly} (and env {@code HTTPS_ONLY}), {@code httpsRedirectCode},
 * {@code redirectWhenHttpProto} and {@code redirectUnlessHttpsProto}.
 */
final class RedirectTranslator implements RuleTranslator {

    @Override
    public void translate(RuleContext context, DestinationParameters destination, DestinationRules into)
            throws InvalidServiceException {
        ServiceProblem problem = context.problem();
        int status = status(destination.get("httpsRedirectCode"), problem);
        // dfp-compat §2.1 "httpsOnly propagation": the un-indexed value and HTTPS_ONLY reach every destination.
        boolean httpsOnly = FlagValue.of(destination.get("httpsOnly"), problem)
                | FlagValue.of(unindexed(context, "httpsOnly"), problem)
                | context.settings().httpsOnly();
        if (httpsOnly) {
            into.add(new HttpsRedirect(status, HttpsRedirect.When.PLAIN_CONNECTION));
        }
        if (FlagValue.of(service(context, "redirectWhenHttpProto"), problem)) {
            into.add(new HttpsRedirect(status, HttpsRedirect.When.FORWARDED_PROTO_HTTP));
        }
        if (FlagValue.of(service(context, "redirectUnlessHttpsProto"), problem)) {
            into.add(new HttpsRedirect(status, HttpsRedirect.When.FORWARDED_PROTO_NOT_HTTPS));
        }
        Optional<ParameterValue> fromDomain = destination.get("redirectFromDomain");
        if (fromDomain.isPresent()) {
            into.add(domainRedirect(fromDomain.get().name(), context.list(destination, "redirectFromDomain"),
                    context.list(destination, "serviceDomain"), destination.nameOf("serviceDomain"), problem));
        }
    }

    /** {@code httpsRedirectCode}: a code HAProxy's {@code redirect} takes; DFP's HAProxy would refuse any other. */
    static int status(Optional<ParameterValue> given, ServiceProblem problem) throws InvalidServiceException {
        if (given.isEmpty()) {
            return HttpsRedirect.DEFAULT_STATUS;
        }
        String text = given.get().value();
        if (text.length() == 3 && text.chars().allMatch(Character::isDigit)
                && HttpsRedirect.STATUSES.contains(Integer.parseInt(text))) {
            return Integer.parseInt(text);
        }
        throw problem.badRequest(given.get() + " is not a redirect status; use one of 301, 302, 303, 307, 308"
                + " (default 302), e.g. " + given.get().name() + "=301");
    }

    static DomainRedirect domainRedirect(String parameter, List<String> fromItems, List<String> domains,
                                         String domainParameter, ServiceProblem problem)
            throws InvalidServiceException {
        if (domains.isEmpty()) {
            throw problem.badRequest(parameter + " needs " + domainParameter + ": requests for the listed hosts are"
                    + " redirected to the first " + domainParameter + ", e.g. " + domainParameter
                    + "=new.example.com&" + parameter + "=old.example.com");
        }
        List<String> hosts = new ArrayList<>();
        for (String item : fromItems) {
            // HAProxy reads space-separated words of an ACL as alternatives.
            for (String host : item.split("\\s+")) {
                if (!HttpTokens.isVisible(host) || host.indexOf('/') >= 0) {
                    throw problem.badRequest(parameter + "=" + String.join(",", fromItems) + " has '" + host
                            + "', which is not a host name; list host names, e.g. " + parameter
                            + "=old.example.com,www.old.example.com");
                }
                hosts.add(host);
            }
        }
        if (hosts.isEmpty()) {
            throw problem.badRequest(parameter + " names no host; list host names, e.g. " + parameter
                    + "=old.example.com");
        }
        String first = domains.getFirst();
        if (first.startsWith("*")) {
            throw problem.badRequest(parameter + " redirects to the first " + domainParameter + ", and that is the"
                    + " wildcard " + first + ", which names no single host; list the host to redirect to first, e.g. "
                    + domainParameter + "=example.com," + first);
        }
        return new DomainRedirect(hosts, first);
    }

    private static Optional<ParameterValue> unindexed(RuleContext context, String name) {
        return context.view().exact(name).map(value -> new ParameterValue(name, value));
    }

    private static Optional<ParameterValue> service(RuleContext context, String name) {
        return context.view().service(name).map(value -> new ParameterValue(name, value));
    }
}
