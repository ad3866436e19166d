package dev.swarmgate.admin;

import dev.swarmgate.config.AdminAuth;
import dev.swarmgate.config.UserCredential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Checks an {@code Authorization: Basic} header against the admin users. Each {@code user:password} is kept only as
 * its SHA-256 digest, and the one received is digested too, then compared with every user's in constant time
 * ({@link MessageDigest#isEqual}) without stopping at a match: neither the time taken nor the lengths compared tell
 * how much of a guess was right or which user exists.
 */
final class AdminCredentials {

    private static final String BASIC = "basic ";

    private final List<byte[]> digests;

    AdminCredentials(AdminAuth auth) {
        this.digests = auth.users().stream().map(AdminCredentials::digestOf).toList();
    }

    /** Whether {@code authorization} (the header's value, "" when absent) names one of the users and its password. */
    boolean accept(String authorization) {
        if (authorization.length() <= BASIC.length()
                || !authorization.substring(0, BASIC.length()).toLowerCase(Locale.ROOT).equals(BASIC)) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorization.substring(BASIC.length()).strip());
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        byte[] received = sha256(decoded);
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(received, digest);
        }
        return match;
    }

    private static byte[] digestOf(UserCredential user) {
        return sha256((user.user() + ":" + user.password()).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
