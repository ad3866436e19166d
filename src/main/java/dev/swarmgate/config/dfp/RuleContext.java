package dev.swarmgate.config.dfp;

import dev.swarmgate.config.Settings;

import java.util.List;

/**
 * What a {@link RuleTranslator} reads besides one destination's parameters: the service-level parameters, the
 * proxy settings, the list separator and how to word an error.
 */
record RuleContext(String serviceName, ParameterView view, Settings settings, ServiceProblem problem) {

    /** A service-level list parameter split on {@code SEPARATOR}; empty when absent. */
    List<String> serviceList(String name) {
        return view.service(name).map(value -> SeparatedValues.split(value, settings.separator())).orElse(List.of());
    }

    /** A destination-level list parameter split on {@code SEPARATOR}; empty when absent. */
    List<String> list(DestinationParameters destination, String name) {
        return destination.get(name).map(value -> SeparatedValues.split(value.value(), settings.separator()))
                .orElse(List.of());
    }
}
