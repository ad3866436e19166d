package dev.swarmgate.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may call the admin API ({@code ADMIN_USERS}): with no users it is open, as Docker Flow Proxy's was; with users,
 * every request but the health probes needs HTTP basic authentication as one of them. Passwords are clear text
 * (compared in constant time); crypt(3) hashes are not accepted here yet. {@link #toString()} never shows a password.
 */
public record AdminAuth(List<UserCredential> users) {

    /** No authentication: the admin API answers everyone who can reach its port. */
    public static final AdminAuth OFF = new AdminAuth(List.of());

    /** The realm named in the {@code WWW-Authenticate} challenge. */
    public static final String REALM = "swarmgate-admin";

    public AdminAuth {
        users = List.copyOf(users);
        Set<String> names = new HashSet<>();
        for (UserCredential user : users) {
            if (user.hashed()) {
                throw new IllegalArgumentException("admin user " + user.user() + " has a hashed password;"
                        + " the admin API takes clear-text passwords only");
            }
            if (user.user().isEmpty() || user.user().indexOf(':') >= 0 || user.password().isEmpty()) {
                throw new IllegalArgumentException("an admin user needs a name without ':' and a password");
            }
            if (!names.add(user.user())) {
                throw new IllegalArgumentException("admin user " + user.user() + " is listed twice");
            }
        }
    }

    /** Whether a request needs credentials. */
    public boolean required() {
        return !users.isEmpty();
    }

    @Override
    public String toString() {
        return "AdminAuth" + users;
    }
}
