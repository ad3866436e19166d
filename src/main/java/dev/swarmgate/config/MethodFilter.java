package dev.swarmgate.config;

import java.util.List;

/**
 * {@code allowedMethods} ({@code allow} true: only these methods pass) or {@code deniedMethods} ({@code allow}
 * false: these are refused); a refused request gets a 403. Methods are upper case, compared exactly.
 */
public record MethodFilter(List<String> methods, boolean allow) implements HttpRule {

    public MethodFilter {
        methods = List.copyOf(methods);
    }
}
