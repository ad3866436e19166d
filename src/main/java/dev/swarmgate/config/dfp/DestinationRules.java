package dev.swarmgate.config.dfp;

import dev.swarmgate.config.HttpRule;
import dev.swarmgate.config.RequestCondition;

import java.util.ArrayList;
import java.util.List;

/** The rules and conditions the {@link RuleTranslator}s give one destination, in the order they add them. */
final class DestinationRules {

    private final List<RequestCondition> conditions = new ArrayList<>();
    private final List<HttpRule> rules = new ArrayList<>();

    void add(RequestCondition condition) {
        conditions.add(condition);
    }

    void add(HttpRule rule) {
        rules.add(rule);
    }

    List<RequestCondition> conditions() {
        return List.copyOf(conditions);
    }

    List<HttpRule> rules() {
        return List.copyOf(rules);
    }
}
