package dev.swarmgate.config.dfp;

import dev.swarmgate.config.HeaderEdit.Action;
import dev.swarmgate.config.HeaderEdit.Direction;
import dev.swarmgate.config.InvalidServiceException;

import java.util.List;

/**
 * The service-level header lists ({@code addReqHeader}, {@code setReqHeader}, {@code delReqHeader} and the response
 * forms; the deprecated {@code addHeader} / {@code setHeader} when their successor is absent), split on
 * {@code SEPARATOR}, in the order DFP writes them into each backend: request adds, request sets, response adds,
 * response sets, request deletes, response deletes. HAProxy runs a backend's rules in that order, so a delete after
 * an add of the same name wins.
 */
final class HeaderEditTranslator implements RuleTranslator {

    private record Family(String parameter, String deprecated, Direction direction, Action action) {
    }

    private static final List<Family> IN_DFP_ORDER = List.of(
            new Family("addReqHeader", "addHeader", Direction.REQUEST, Action.ADD),
            new Family("setReqHeader", "setHeader", Direction.REQUEST, Action.SET),
            new Family("addResHeader", null, Direction.RESPONSE, Action.ADD),
            new Family("setResHeader", null, Direction.RESPONSE, Action.SET),
            new Family("delReqHeader", null, Direction.REQUEST, Action.DELETE),
            new Family("delResHeader", null, Direction.RESPONSE, Action.DELETE));

    @Override
    public void translate(RuleContext context, DestinationParameters destination, DestinationRules into)
            throws InvalidServiceException {
        for (Family family : IN_DFP_ORDER) {
            String parameter = family.parameter();
            if (family.deprecated() != null && context.view().service(parameter).isEmpty()
                    && context.view().service(family.deprecated()).isPresent()) {
                parameter = family.deprecated();
            }
            for (String item : context.serviceList(parameter)) {
                try {
                    into.add(HeaderEditItem.parse(item, family.direction(), family.action()));
                } catch (RuleValueException e) {
                    throw context.problem().badRequest(parameter + ": " + e.getMessage());
                }
            }
        }
    }
}
