package dev.swarmgate.routing.rules;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/** The user and password of an {@code Authorization: Basic <base64 of user:password>} header (RFC 7617). */
record BasicCredentials(String user, byte[] password) {

    private static final String SCHEME = "basic";

    /** The credentials in {@code header}, or null when it is absent, not Basic, or not valid base64 of user:pass. */
    static BasicCredentials parse(String header) {
        if (header == null || header.length() <= SCHEME.length()
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || header.charAt(SCHEME.length()) != ' ') {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(SCHEME.length() + 1).strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
        for (int i = 0; i < decoded.length; i++) {
            if (decoded[i] == ':') {
                return new BasicCredentials(new String(decoded, 0, i, StandardCharsets.UTF_8),
                        Arrays.copyOfRange(decoded, i + 1, decoded.length));
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + ", password=<password>]";
    }
}
