package dev.swarmgate.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a proxy serves, in 16 hex digits: a SHA-256 over every service's parameters, in a canonical order. Versions
 * count publications and so differ between replicas that started at different times; the fingerprint depends only
 * on the services, so two replicas that serve the same configuration show the same fingerprint.
 */
public final class ConfigFingerprint {

    private ConfigFingerprint() {
    }

    public static String of(SortedMap<String, StoredService> services) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        services.forEach((name, service) -> {
            update(digest, name);
            new TreeMap<>(service.parameters()).forEach((key, values) -> {
                update(digest, key);
                values.forEach(value -> update(digest, value));
                update(digest, "");
            });
            update(digest, "\u0000service-end");
        });
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    /** Length-prefixed, so that no two different inputs feed the same bytes. */
    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16),
                (byte) (bytes.length >>> 8), (byte) bytes.length});
        digest.update(bytes);
    }
}
