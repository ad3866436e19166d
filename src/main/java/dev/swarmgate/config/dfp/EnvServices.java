package dev.swarmgate.config.dfp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Services defined by {@code DFP_SERVICE_*} variables (dfp-compat §2.4), turned into reconfigure parameters so they
 * go through the same {@link ServiceParameters} parser as API requests: {@code DFP_SERVICE_ACL_NAME} becomes
 * {@code aclName}, {@code DFP_SERVICE_1_PORT_2} becomes {@code port.2} of the first numbered service.
 */
public final class EnvServices {

    static final String PREFIX = "DFP_SERVICE_";

    private static final Pattern NUMBERED = Pattern.compile("([0-9]+)_(.+)");
    private static final Pattern INDEXED = Pattern.compile("(.+)_([0-9]+)");

    private EnvServices() {
    }

    /** The single service ({@code DFP_SERVICE_*}) if any, then {@code DFP_SERVICE_1_*}, {@code DFP_SERVICE_2_*}, ... */
    public static List<Map<String, List<String>>> read(Map<String, String> env) {
        // One pass over the environment, by service number ("" for the single service): ten thousand services are
        // forty thousand variables, too many to go through once per service.
        Map<String, Map<String, String>> fieldsByNumber = new HashMap<>();
        env.forEach((variable, value) -> {
            if (!variable.startsWith(PREFIX) || !isSet(value)) {
                return;
            }
            String field = variable.substring(PREFIX.length());
            String number = "";
            Matcher numbered = NUMBERED.matcher(field);
            if (numbered.matches()) { // DFP_SERVICE_1_PORT belongs to numbered service 1, not to the single service
                number = numbered.group(1);
                field = numbered.group(2);
            }
            fieldsByNumber.computeIfAbsent(number, ignored -> new HashMap<>()).put(field, value);
        });
        List<Map<String, List<String>>> services = new ArrayList<>();
        String defaultReqMode = env.getOrDefault(DfpVariable.DEFAULT_PROTOCOL.name(), "");
        Map<String, String> single = fieldsByNumber.getOrDefault("", Map.of());
        if (isSet(single.get("SERVICE_NAME"))) {
            services.add(service(single, defaultReqMode));
        }
        for (int number = 1; ; number++) {
            Map<String, String> fields = fieldsByNumber.getOrDefault(String.valueOf(number), Map.of());
            if (!isSet(fields.get("SERVICE_NAME"))) {
                return services;
            }
            services.add(service(fields, defaultReqMode));
        }
    }

    private static Map<String, List<String>> service(Map<String, String> fields, String defaultReqMode) {
        Map<String, List<String>> parameters = new TreeMap<>();
        fields.forEach((field, value) -> {
            String parameter = parameterName(field);
            // Env services are never removed, so a replica count must not reach the parser.
            if (!parameter.equals("replicas")) {
                parameters.put(parameter, List.of(value));
            }
        });
        if (!defaultReqMode.isEmpty() && !parameters.containsKey("reqMode")) {
            parameters.put("reqMode", List.of(defaultReqMode));
        }
        return parameters;
    }

    /** {@code SERVICE_PATH} to {@code servicePath}, {@code SERVICE_PATH_1} to {@code servicePath.1}. */
    static String parameterName(String upperSnake) {
        Matcher indexed = INDEXED.matcher(upperSnake);
        if (indexed.matches()) {
            return camelCase(indexed.group(1)) + "." + Integer.parseInt(indexed.group(2));
        }
        return camelCase(upperSnake);
    }

    private static String camelCase(String upperSnake) {
        StringBuilder name = new StringBuilder();
        for (String word : upperSnake.toLowerCase(Locale.ROOT).split("_")) {
            if (word.isEmpty()) {
                continue;
            }
            name.append(name.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return name.toString();
    }

    private static boolean isSet(String value) {
        return value != null && !value.isEmpty();
    }
}
