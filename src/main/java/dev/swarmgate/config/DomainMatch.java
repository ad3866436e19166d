package dev.swarmgate.config;

/** How a destination's domains are compared with the request's Host (DFP's {@code serviceDomainAlgo}). */
public enum DomainMatch {
    /** {@code hdr(host)}: the host equals the domain. */
    EXACT("hdr"),
    /** {@code hdr_beg(host)}: the host starts with the domain (DFP's default, so {@code Host: name:port} matches). */
    PREFIX("hdr_beg"),
    /** {@code hdr_dom(host)}: the host is the domain or a subdomain of it. */
    DOMAIN("hdr_dom"),
    /** {@code hdr_end(host)}: the host ends with the domain (what a leading {@code *} selects). */
    SUFFIX("hdr_end");

    private final String dfpName;

    DomainMatch(String dfpName) {
        this.dfpName = dfpName;
    }

    public String dfpName() {
        return dfpName;
    }

    /** Accepts {@code hdr_beg}, {@code hdr_beg(host)} and the like, case-insensitively; null when unknown. */
    public static DomainMatch fromDfpName(String name) {
        String bare = name.trim();
        int paren = bare.indexOf('(');
        if (paren >= 0) {
            if (!bare.substring(paren).equalsIgnoreCase("(host)")) {
                return null;
            }
            bare = bare.substring(0, paren);
        }
        for (DomainMatch match : values()) {
            if (match.dfpName.equalsIgnoreCase(bare)) {
                return match;
            }
        }
        return null;
    }
}
