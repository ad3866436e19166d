package dev.swarmgate.config.dfp;

import dev.swarmgate.config.AdminAuth;
import dev.swarmgate.config.UserCredential;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ADMIN_USERS} (or the secret {@code dfp_admin_users}): the users of the admin API, {@code user:password}
 * items separated by commas or line breaks, white space around an item ignored, the password being everything after
 * the first {@code :}. A malformed item is named by its position, never quoted, since it holds a password.
 */
final class AdminUsers {

    static final String EXPECTED = "a comma-separated list of user:password, e.g. ops:s3cret,deploy:0ther";

    private AdminUsers() {
    }

    /** @throws IllegalArgumentException naming the variable (or secret) and the item, without its value */
    static AdminAuth parse(SettingValue given) {
        List<UserCredential> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String[] items = given.value().split("[,\\r\\n]");
        int position = 0;
        for (String raw : items) {
            String item = raw.strip();
            if (item.isEmpty()) {
                continue;
            }
            position++;
            int colon = item.indexOf(':');
            if (colon <= 0 || colon == item.length() - 1) {
                throw invalid(given, position, "is not user:password (a name, a colon, then a non-empty password)");
            }
            String user = item.substring(0, colon);
            if (!names.add(user)) {
                throw invalid(given, position, "repeats user " + user + "; list each user once");
            }
            users.add(new UserCredential(user, item.substring(colon + 1), false));
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException(where(given) + " lists no user; expected " + EXPECTED
                    + ", or leave it unset for an admin API without authentication");
        }
        return new AdminAuth(users);
    }

    private static IllegalArgumentException invalid(SettingValue given, int position, String problem) {
        return new IllegalArgumentException(where(given) + " item " + position + " " + problem + "; expected "
                + EXPECTED);
    }

    private static String where(SettingValue given) {
        return given.fromSecret() ? "ADMIN_USERS (from secret " + given.variable().secretName() + ")"
                : "ADMIN_USERS";
    }
}
