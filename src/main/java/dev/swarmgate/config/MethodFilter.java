package dev.swarmgate.config;

import java.util.List;

/**
 * {@code allowedMethods} ({@code allow} true: only these methods pass) or {@code deniedMethods} ({@code allow}
 * false: these are refused); a refused request gets a 403. Methods are upper case and compared exactly with the
 * request's method, which is case-sensitive (RFC 9110 §9.1; HAProxy's {@code method} compares the same way).
 */
public record MethodFilter(List<String> methods, boolean allow) implements HttpRule {

    public MethodFilter {
        methods = List.copyOf(methods);
    }
}
