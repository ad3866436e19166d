package dev.swarmgate.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;

import java.nio.charset.StandardCharsets;

/**
 * bcrypt: {@code $2a$}, {@code $2b$} and {@code $2y$} ({@code htpasswd -B}, {@code mkpasswd -m bcrypt}). A password
 * longer than 72 bytes counts by its first 72, as every bcrypt implementation does.
 */
public record BcryptHash(String text) implements PasswordHash {

    private static final BCrypt.Verifyer VERIFYER = BCrypt.verifyer(BCrypt.Version.VERSION_2B,
            LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2B));

    @Override
    public boolean matches(byte[] password) {
        if (password.length == 0) {
            return false; // the library refuses an empty password; no configured bcrypt hash is of one
        }
        return VERIFYER.verify(password.clone(), text.getBytes(StandardCharsets.US_ASCII)).verified;
    }

    @Override
    public String toString() {
        return "BcryptHash[<hash>]";
    }
}
