package dev.swarmgate.auth;

import org.apache.commons.codec.digest.Md5Crypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** md5-crypt: {@code $1$} ({@code openssl passwd -1}) and Apache's {@code $apr1$} ({@code htpasswd -m}). */
public record Md5CryptHash(String text) implements PasswordHash {

    @Override
    public boolean matches(byte[] password) {
        // A copy: the library zeroes the array it is given.
        byte[] key = password.clone();
        String computed = text.startsWith("$apr1$") ? Md5Crypt.apr1Crypt(key, text) : Md5Crypt.md5Crypt(key, text);
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                text.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "Md5CryptHash[<hash>]";
    }
}
