package dev.swarmgate.config;

/**
 * {@code reqPathSearchReplace} (and the deprecated {@code reqPathSearch}/{@code reqPathReplace}): the first match of
 * {@code regex} in the request path is replaced, or every match when {@code global} (HAProxy's {@code regsub} and its
 * {@code g} flag), after routing; the query string is kept. Both are in Java's syntax already ({@code $1}
 * back-references, {@code (?i)} for the {@code i} flag), translated from DFP's sed-like form by {@code config.dfp}.
 */
public record PathRewrite(String regex, String replacement, boolean global) implements HttpRule {

    /** The first match only, as DFP renders it ({@code regsub(search,replace)} without flags). */
    public PathRewrite(String regex, String replacement) {
        this(regex, replacement, false);
    }
}
