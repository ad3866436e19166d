package dev.swarmgate.config;

import java.util.List;

/**
 * HTTP basic authentication ({@code users}, {@code usersSecret}, {@code usersPassEncrypted}, global {@code USERS}):
 * a request without valid credentials for one of {@code users} gets a 401 naming {@code realm}. An empty user list
 * locks everybody out, as Docker Flow Proxy's generated dummy user does.
 */
public record BasicAuth(String realm, List<UserCredential> users) implements HttpRule {

    public BasicAuth {
        users = List.copyOf(users);
    }

    @Override
    public String toString() {
        return "BasicAuth[realm=" + realm + ", users=" + users + "]";
    }
}
