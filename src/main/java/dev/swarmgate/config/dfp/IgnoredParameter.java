package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parameters Swarmgate accepts and ignores because they are HAProxy configuration or change nothing here. Each one
 * present in a request adds a sentence to {@link ServiceRequest#unsupported()} saying why it is ignored. A flag that
 * is false is not reported, since it asks for nothing.
 */
enum IgnoredParameter {
    BACKEND_EXTRA("backendExtra", ParameterLevel.SERVICE, false, Reasons.RAW_HAPROXY),
    TEMPLATE_FE_PATH("templateFePath", ParameterLevel.SERVICE, false, Reasons.TEMPLATE),
    TEMPLATE_BE_PATH("templateBePath", ParameterLevel.SERVICE, false, Reasons.TEMPLATE),
    USER_DEF("userDef", ParameterLevel.DESTINATION, false,
            "is only visible to custom HAProxy templates, which Swarmgate does not use"),
    CONNECTION_MODE("connectionMode", ParameterLevel.SERVICE, false,
            "selects an HAProxy connection option; Swarmgate manages backend connections itself"),
    CHECK_RESOLVERS("checkResolvers", ParameterLevel.SERVICE, true,
            "configures HAProxy DNS re-resolution; Swarmgate resolves backends itself"),
    DISCOVERY_TYPE("discoveryType", ParameterLevel.SERVICE, false,
            "selects how HAProxy finds the service's tasks; Swarmgate addresses the service name");

    private final ParameterRule rule;

    IgnoredParameter(String parameter, ParameterLevel level, boolean flag, String reason) {
        this.rule = new ParameterRule(parameter, level, flag, reason);
    }

    String parameter() {
        return rule.parameter();
    }

    /** One sentence per occurrence in the request ({@code timeoutTunnel} and {@code timeoutTunnel.2} are two). */
    List<String> reportsFor(ParameterView view, ServiceProblem problem) throws InvalidServiceException {
        List<String> reports = new ArrayList<>();
        String parameter = rule.parameter();
        if (rule.level() == ParameterLevel.SERVICE) {
            Optional<String> given = view.service(parameter);
            if (given.isPresent() && asksForSomething(new ParameterValue(parameter, given.get()), problem)) {
                reports.add(sentence(parameter));
            }
            return reports;
        }
        Pattern forms = Pattern.compile(Pattern.quote(parameter) + "(\\.[0-9]+)?");
        List<String> names = view.names().stream().filter(name -> forms.matcher(name).matches()).sorted().toList();
        for (String name : names) {
            Optional<String> given = view.exact(name);
            if (given.isPresent() && asksForSomething(new ParameterValue(name, given.get()), problem)) {
                reports.add(sentence(name));
            }
        }
        return reports;
    }

    /** Any value asks for the behaviour, or for a flag a true one; a flag that is not a boolean is refused. */
    private boolean asksForSomething(ParameterValue given, ServiceProblem problem) throws InvalidServiceException {
        return !rule.flag() || FlagValue.parse(given, problem);
    }

    private String sentence(String name) {
        return name + " " + rule.reason() + ", so it is ignored";
    }

    /** Reasons shared by several parameters. */
    private static final class Reasons {
        static final String RAW_HAPROXY = "is raw HAProxy configuration; Swarmgate does not run HAProxy";
        static final String TEMPLATE =
                "points at a template of HAProxy configuration; Swarmgate does not run HAProxy";
    }
}
