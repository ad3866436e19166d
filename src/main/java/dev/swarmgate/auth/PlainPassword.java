package dev.swarmgate.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A password configured in clear text, compared in constant time (the time does not tell how much matched). */
public final class PlainPassword implements PasswordCheck {

    private final byte[] password;

    public PlainPassword(String password) {
        this.password = password.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean matches(byte[] given) {
        return MessageDigest.isEqual(password, given);
    }

    @Override
    public String toString() {
        return "PlainPassword[<password>]";
    }
}
