package dev.swarmgate.config;

/**
 * A user allowed in by {@link BasicAuth}: the password in clear text, or a crypt(3) hash when {@code hashed}.
 * {@link #toString()} never shows the password.
 */
public record UserCredential(String user, String password, boolean hashed) {

    @Override
    public String toString() {
        return user + (hashed ? ":<hash>" : ":<password>");
    }
}
