package dev.swarmgate.config;

/**
 * A user allowed in by {@link BasicAuth}: the password in clear text, or a crypt(3) hash when {@code hashed} (one
 * of the {@link CryptFormat}s). {@link #toString()} never shows the password.
 */
public record UserCredential(String user, String password, boolean hashed) {

    public UserCredential {
        if (user.isEmpty() || user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a user name is not empty and has no ':'");
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("user " + user + " has an empty password");
        }
        if (hashed && CryptFormat.of(password).isEmpty()) {
            // The hash is left out on purpose: it is a credential.
            throw new IllegalArgumentException("the password of user " + user + " is not " + CryptFormat.SUPPORTED);
        }
    }

    @Override
    public String toString() {
        return user + (hashed ? ":<hash>" : ":<password>");
    }
}
