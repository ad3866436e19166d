package dev.swarmgate.config.dfp;

import dev.swarmgate.config.BasicAuth;
import dev.swarmgate.config.CryptFormat;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.UserCredential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A service's basic-authentication users as Docker Flow Proxy merges them ({@code mergeUsers}): the {@code users}
 * parameter when it lists anyone, else the users of the secret {@code dfp_users_<usersSecret>}; a user listed in
 * {@code users} without a password takes it from that secret or, without {@code usersSecret}, from the global
 * {@code USERS}. Users that end up without a password are dropped; when users were asked for but none is left,
 * nobody gets in. Realm {@code <serviceName>Realm}.
 */
final class ServiceUsers {

    /** A secret name suffix: no path separators, so the file stays in the secrets directory. */
    private static final Pattern SECRET_SUFFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private ServiceUsers() {
    }

    /** The service's authentication, or empty when it asks for none. */
    static Optional<BasicAuth> of(RuleContext context) throws InvalidServiceException {
        ParameterView view = context.view();
        String usersParam = view.service("users").orElse("");
        String secret = view.service("usersSecret").orElse("").strip();
        if (usersParam.isEmpty() && secret.isEmpty()) {
            return Optional.empty();
        }
        boolean encrypted = encrypted(context);
        List<Sourced> listed = new ArrayList<>();
        for (UserList.Listed user : UserList.parse(usersParam, true)) {
            listed.add(new Sourced(user.name(), user.password(), encrypted, "users"));
        }
        List<Sourced> fromFile = secret.isEmpty() ? List.of() : fromSecret(context, secret, encrypted);
        List<Sourced> chosen = listed.isEmpty() ? fromFile : withPasswords(listed, secret.isEmpty()
                ? fromGlobal(context) : fromFile);
        List<UserCredential> users = new ArrayList<>();
        for (Sourced user : chosen) {
            if (user.password() != null) {
                users.add(credential(user, context.problem()));
            }
        }
        return Optional.of(new BasicAuth(context.serviceName() + "Realm", users));
    }

    /** A user and where its password came from, for messages. */
    private record Sourced(String name, String password, boolean hashed, String source) {
    }

    private static boolean encrypted(RuleContext context) throws InvalidServiceException {
        Optional<String> given = context.view().service("usersPassEncrypted");
        if (given.isEmpty()) {
            return false;
        }
        Optional<Boolean> flag = GoBoolean.parse(given.get().strip());
        if (flag.isEmpty()) {
            throw context.problem().badRequest("usersPassEncrypted=" + given.get() + " is not valid; expected true"
                    + " (the passwords are crypt(3) hashes) or false (they are clear text)");
        }
        return flag.get();
    }

    private static List<Sourced> fromSecret(RuleContext context, String secret, boolean encrypted)
            throws InvalidServiceException {
        if (!SECRET_SUFFIX.matcher(secret).matches()) {
            throw context.problem().badRequest("usersSecret=" + secret + " is not valid; expected the suffix of a"
                    + " Docker secret named dfp_users_<suffix> (letters, digits, '.', '_', '-'), e.g."
                    + " usersSecret=api for the secret dfp_users_api");
        }
        Path file = context.settings().secretsDir().resolve("dfp_users_" + secret);
        String content;
        try {
            content = Files.readString(file);
        } catch (IOException | RuntimeException e) {
            throw context.problem().badRequest("usersSecret=" + secret + ": cannot read " + file + " ("
                    + e.getClass().getSimpleName() + "); create the Docker secret dfp_users_" + secret
                    + " with user:password lines and give the proxy service access to it, or remove usersSecret");
        }
        String source = "usersSecret=" + secret + " (" + file + ")";
        List<Sourced> users = new ArrayList<>();
        for (UserList.Listed user : UserList.parse(content, false)) {
            users.add(new Sourced(user.name(), user.password(), encrypted, source));
        }
        return users;
    }

    private static List<Sourced> fromGlobal(RuleContext context) {
        return context.settings().globalAuth().map(global -> global.users().stream()
                .map(user -> new Sourced(user.user(), user.password(), user.hashed(), "USERS"))
                .toList()).orElse(List.of());
    }

    /** {@code listed} with each user without a password given the one {@code lookup} has under its name. */
    private static List<Sourced> withPasswords(List<Sourced> listed, List<Sourced> lookup) {
        List<Sourced> users = new ArrayList<>(listed.size());
        for (Sourced user : listed) {
            if (user.password() != null) {
                users.add(user);
                continue;
            }
            users.add(lookup.stream().filter(found -> found.name().equals(user.name())).findFirst()
                    .orElse(user));
        }
        return users;
    }

    private static UserCredential credential(Sourced user, ServiceProblem problem) throws InvalidServiceException {
        if (user.hashed() && CryptFormat.of(user.password()).isEmpty()) {
            // The hash is left out on purpose: it is a credential.
            throw problem.badRequest(user.source() + ": usersPassEncrypted=true, but the password of user "
                    + user.name() + " is not " + CryptFormat.SUPPORTED + ". Give a hash in one of those formats,"
                    + " e.g. from mkpasswd -m sha-512, or set usersPassEncrypted=false for clear-text passwords");
        }
        return new UserCredential(user.name(), user.password(), user.hashed());
    }
}
