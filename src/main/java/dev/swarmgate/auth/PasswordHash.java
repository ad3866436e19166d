package dev.swarmgate.auth;

/**
 * A crypt(3) password hash, one class per family; verifying costs a deliberate amount of CPU (about a millisecond
 * for sha-512, more for bcrypt), so it never runs on an event loop.
 */
public sealed interface PasswordHash extends PasswordCheck permits Md5CryptHash, ShaCryptHash, BcryptHash {

    /** The hash as configured, e.g. {@code $6$salt$...}: it names the verified-credentials cache entries. */
    String text();

    /**
     * The hash {@code text} is, by its prefix.
     *
     * @throws IllegalArgumentException for any other format (yescrypt {@code $y$} included); the message never
     *                                  contains the hash
     */
    static PasswordHash of(String text) {
        if (text.startsWith("$1$") || text.startsWith("$apr1$")) {
            return new Md5CryptHash(text);
        }
        if (text.startsWith("$5$") || text.startsWith("$6$")) {
            return new ShaCryptHash(text);
        }
        if (text.startsWith("$2a$") || text.startsWith("$2b$") || text.startsWith("$2y$")) {
            return new BcryptHash(text);
        }
        throw new IllegalArgumentException("not a supported crypt(3) hash ($1$, $apr1$, $5$, $6$, $2a$, $2b$, $2y$)");
    }
}
