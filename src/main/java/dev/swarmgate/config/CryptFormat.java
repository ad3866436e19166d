package dev.swarmgate.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The crypt(3) hash formats a {@link UserCredential} may hold ({@code usersPassEncrypted}, {@code
 * USERS_PASS_ENCRYPTED}): what {@code mkpasswd}, {@code openssl passwd} and {@code htpasswd} write. Recognising one
 * here is a syntax check; the data plane verifies passwords against it.
 */
public enum CryptFormat {
    MD5("$1$", Pattern.compile("\\$1\\$[./0-9A-Za-z]{1,8}\\$[./0-9A-Za-z]{22}")),
    APR1("$apr1$", Pattern.compile("\\$apr1\\$[./0-9A-Za-z]{1,8}\\$[./0-9A-Za-z]{22}")),
    SHA256("$5$", Pattern.compile("\\$5\\$(rounds=[0-9]{1,9}\\$)?[./0-9A-Za-z]{1,16}\\$[./0-9A-Za-z]{43}")),
    SHA512("$6$", Pattern.compile("\\$6\\$(rounds=[0-9]{1,9}\\$)?[./0-9A-Za-z]{1,16}\\$[./0-9A-Za-z]{86}")),
    BCRYPT("$2a$, $2b$, $2y$", Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./0-9A-Za-z]{53}"));

    /** The sentence an error names the supported formats with. */
    public static final String SUPPORTED = "a crypt(3) hash: $1$ (md5), $apr1$ (htpasswd -m), $5$ (sha-256),"
            + " $6$ (sha-512, e.g. mkpasswd -m sha-512) or bcrypt $2a$/$2b$/$2y$ (htpasswd -B, mkpasswd -m bcrypt);"
            + " yescrypt ($y$, Debian's mkpasswd default) is not supported";

    private final String prefix;
    private final Pattern syntax;

    CryptFormat(String prefix, Pattern syntax) {
        this.prefix = prefix;
        this.syntax = syntax;
    }

    /** How the hash starts, e.g. {@code $6$}. */
    public String prefix() {
        return prefix;
    }

    /** The format the whole of {@code hash} is written in, or empty when it is none of them (or malformed). */
    public static Optional<CryptFormat> of(String hash) {
        for (CryptFormat format : values()) {
            if (format.syntax.matcher(hash).matches()) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
