package dev.swarmgate.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The (hash, password) pairs already verified, so a keep-alive client pays one hash computation, not one per
 * request. Bounded: past {@code capacity} entries the oldest is forgotten (and verified again when it comes back).
 * Entries are SHA-256 digests of the pair, never the password itself; the hash carries its salt, so a changed
 * password never matches an old entry. One shared instance outlives configuration changes, which recompile the
 * routes but leave users verified. Thread-safe; lookups take no lock.
 */
public final class VerifiedCredentials {

    /** What one proxy remembers: enough for ten thousand distinct clients' credentials. */
    public static final VerifiedCredentials SHARED = new VerifiedCredentials(10_000);

    private final int capacity;
    private final Set<String> entries = ConcurrentHashMap.newKeySet();
    private final Queue<String> oldestFirst = new ConcurrentLinkedQueue<>();

    public VerifiedCredentials(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** The entry naming {@code password} checked against {@code hash}. */
    public static String key(PasswordHash hash, byte[] password) {
        MessageDigest digest = sha256();
        digest.update(hash.text().getBytes(StandardCharsets.US_ASCII));
        digest.update((byte) 0);
        digest.update(password);
        return new String(digest.digest(), StandardCharsets.ISO_8859_1);
    }

    public boolean contains(String key) {
        return entries.contains(key);
    }

    /** Remembers a verified pair, forgetting the oldest ones past the capacity. */
    public void add(String key) {
        if (!entries.add(key)) {
            return;
        }
        oldestFirst.add(key);
        while (entries.size() > capacity) {
            String oldest = oldestFirst.poll();
            if (oldest == null) {
                return;
            }
            entries.remove(oldest);
        }
    }

    public int size() {
        return entries.size();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
