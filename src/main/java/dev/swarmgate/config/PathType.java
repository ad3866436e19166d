package dev.swarmgate.config;

/** How a destination's path patterns are compared with the request path (DFP's {@code pathType}). */
public enum PathType {
    /** {@code path_beg}: the path starts with the pattern (the default). */
    PREFIX("path_beg"),
    /** {@code path}: the path equals the pattern. */
    EXACT("path"),
    /** {@code path_end}: the path ends with the pattern. */
    SUFFIX("path_end"),
    /** {@code path_reg}: the pattern is a regular expression found anywhere in the path. */
    REGEX("path_reg");

    private final String dfpName;

    PathType(String dfpName) {
        this.dfpName = dfpName;
    }

    public String dfpName() {
        return dfpName;
    }

    /** Returns the type for a DFP name such as {@code path_beg}, or null when there is none. */
    public static PathType fromDfpName(String name) {
        for (PathType type : values()) {
            if (type.dfpName.equalsIgnoreCase(name.trim())) {
                return type;
            }
        }
        return null;
    }
}
