package dev.swarmgate.config;

/**
 * {@code reqPathSearchReplace} (and the deprecated {@code reqPathSearch}/{@code reqPathReplace}): every match of
 * {@code regex} in the request path is replaced, after routing; the query string is kept. Both are in Java's syntax
 * already ({@code $1} back-references), translated from DFP's sed-like form by {@code config.dfp}.
 */
public record PathRewrite(String regex, String replacement) implements HttpRule {
}
