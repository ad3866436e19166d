package dev.swarmgate.auth;

/**
 * How one user's password is checked: a clear-text password compared in constant time, or a crypt(3) hash that
 * costs a hash computation to verify (and so runs off the event loop, see {@link OffLoopVerifier}).
 */
public sealed interface PasswordCheck permits PlainPassword, PasswordHash {

    /** Whether {@code password} (the bytes the client sent) is this user's password. */
    boolean matches(byte[] password);

    /** The check for {@code password} as configured: a hash when {@code hashed}, else the clear text. */
    static PasswordCheck of(String password, boolean hashed) {
        return hashed ? PasswordHash.of(password) : new PlainPassword(password);
    }
}
