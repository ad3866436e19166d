package dev.swarmgate.config.dfp;

import java.util.ArrayList;
import java.util.List;

/**
 * A Docker Flow Proxy user list ({@code users}, a {@code dfp_users_*} secret, {@code USERS}): {@code user:pass}
 * items separated by commas or newlines whatever {@code SEPARATOR} is, each trimmed; the password is everything after
 * the first colon. Items without a name or with an empty password are dropped, as DFP drops them; an item without a
 * colon is a user whose password comes from elsewhere ({@link ServiceUsers}), kept only where DFP keeps it (the
 * {@code users} parameter).
 */
final class UserList {

    /** One item: {@code password} is null for a user listed without one. */
    record Listed(String name, String password) {

        boolean hasPassword() {
            return password != null;
        }

        @Override
        public String toString() {
            return name + (password == null ? "" : ":<password>");
        }
    }

    private UserList() {
    }

    /** The items of {@code text} in order; {@code keepPasswordless} keeps the items without a colon. */
    static List<Listed> parse(String text, boolean keepPasswordless) {
        List<Listed> users = new ArrayList<>();
        for (String item : text.split("[,\r\n]")) {
            String trimmed = strip(item, "\n\t ");
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon < 0) {
                if (keepPasswordless) {
                    users.add(new Listed(trimmed, null));
                }
                continue;
            }
            String name = strip(trimmed.substring(0, colon), "\t ");
            String password = strip(trimmed.substring(colon + 1), "\t ");
            if (!name.isEmpty() && !password.isEmpty()) {
                users.add(new Listed(name, password));
            }
        }
        return users;
    }

    /** Go's {@code strings.Trim(s, cutset)}. */
    private static String strip(String text, String cutset) {
        int start = 0;
        int end = text.length();
        while (start < end && cutset.indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && cutset.indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(start, end);
    }
}
