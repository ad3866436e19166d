package dev.swarmgate.auth;

import org.apache.commons.codec.digest.Crypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** sha-crypt: {@code $5$} (sha-256) and {@code $6$} (sha-512, {@code mkpasswd -m sha-512}), with optional rounds. */
public record ShaCryptHash(String text) implements PasswordHash {

    @Override
    public boolean matches(byte[] password) {
        // A copy: the library zeroes the array it is given.
        String computed = Crypt.crypt(password.clone(), text);
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                text.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "ShaCryptHash[<hash>]";
    }
}
