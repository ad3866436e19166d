package dev.swarmgate.config.dfp;

import dev.swarmgate.config.StatsSettings;
import dev.swarmgate.config.UserCredential;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The stats page's settings, read as Docker Flow Proxy's {@code putStats} read them (dfp-compat §3.1, §3.2): the
 * user, password and URI come from the variables that {@code STATS_USER_ENV}, {@code STATS_PASS_ENV} and
 * {@code STATS_URI_ENV} name (by default {@code STATS_USER}, {@code STATS_PASS}, {@code STATS_URI}), each replaced by
 * the secret {@code dfp_<lowercase of that name>}; the page is on only when both a user and a password are given;
 * {@code none} as either (any case) serves it without authentication; {@code STATS_PORT} other than 80 moves it to a
 * port of its own.
 *
 * @param notes what an operator should know about these settings (a page left off because only one of user and
 *              password is set, a page open to everyone), one sentence each, for the start-up log
 */
public record StatsVariables(StatsSettings settings, List<String> notes) {

    /** What an {@code *_ENV} variable may name: an environment variable name, which also makes a secret's name. */
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** DFP leaves the page on the shared frontends when STATS_PORT is this. */
    private static final int SHARED_PORT = 80;
    private static final String NONE = "none";

    public StatsVariables {
        notes = List.copyOf(notes);
    }

    /** @throws IllegalArgumentException naming the variable and the fix when a value is malformed */
    public static StatsVariables read(Map<String, String> env, Path secretsDir) {
        SettingSource source = new SettingSource(env, secretsDir);
        String userName = named(source, DfpVariable.STATS_USER_ENV, DfpVariable.STATS_USER);
        String passName = named(source, DfpVariable.STATS_PASS_ENV, DfpVariable.STATS_PASS);
        String uriName = named(source, DfpVariable.STATS_URI_ENV, DfpVariable.STATS_URI);
        Optional<String> user = source.byName(userName);
        Optional<String> password = source.byName(passName);
        String uri = source.byName(uriName).orElse(StatsSettings.DEFAULT_URI);
        if (uri.charAt(0) != '/' || uri.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            // The URI is no secret: show it, so the mistake can be seen.
            throw new IllegalArgumentException(uriName + "=" + uri + " is not valid; expected the start of a request"
                    + " target: '/' then no spaces, e.g. " + StatsSettings.DEFAULT_URI);
        }
        OptionalInt port = port(source);
        List<String> notes = new ArrayList<>();
        if (user.isEmpty() || password.isEmpty()) {
            if (user.isPresent() || password.isPresent()) {
                notes.add((user.isPresent() ? userName + " is set but " + passName : passName + " is set but "
                        + userName) + " is not, so the stats page is off (as in Docker Flow Proxy): set both, or"
                        + " both to none for a page without authentication");
            }
            if (port.isPresent()) {
                notes.add("STATS_PORT is set but the stats page is off (" + userName + " and " + passName + " are"
                        + " not both set), so nothing listens on port " + port.getAsInt());
            }
            return new StatsVariables(new StatsSettings(false, uri, port, List.of()), notes);
        }
        if (uri.equals("/") && port.isEmpty()) {
            notes.add(uriName + "=/ makes every request on the HTTP listeners a request for the stats page, so no"
                    + " service is reachable there; give the page a port of its own (STATS_PORT) or a longer URI");
        }
        boolean userNone = user.get().equalsIgnoreCase(NONE);
        boolean passwordNone = password.get().equalsIgnoreCase(NONE);
        if (userNone || passwordNone) {
            // DFP's putStats adds "stats auth" only when neither is none: one none is enough to open the page.
            String which = userNone && passwordNone ? userName + " and " + passName + " are"
                    : (userNone ? userName : passName) + " is";
            notes.add("The stats page at " + uri + " is served WITHOUT authentication: " + which + " none (as in"
                    + " Docker Flow Proxy); give a user and a password to protect it");
            return new StatsVariables(new StatsSettings(true, uri, port, List.of()), notes);
        }
        if (user.get().indexOf(':') >= 0) {
            throw new IllegalArgumentException(userName + " is not valid: a user name cannot contain ':'"
                    + " (basic authentication separates user and password with it); choose a name without it");
        }
        return new StatsVariables(new StatsSettings(true, uri, port,
                List.of(new UserCredential(user.get(), password.get(), false))), notes);
    }

    /** The name an {@code *_ENV} variable holds, or the variable DFP's image names by default. */
    private static String named(SettingSource source, DfpVariable indirection, DfpVariable fallback) {
        Optional<SettingValue> given = source.get(indirection);
        if (given.isEmpty()) {
            return fallback.name();
        }
        String name = given.get().value().strip();
        if (!VARIABLE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(given.get().describe() + " is not valid; expected the name of an"
                    + " environment variable (letters, digits, _), e.g. " + fallback.name());
        }
        return name;
    }

    private static OptionalInt port(SettingSource source) {
        Optional<SettingValue> given = source.get(DfpVariable.STATS_PORT);
        if (given.isEmpty()) {
            return OptionalInt.empty();
        }
        int port = (int) WholeNumber.parse(given.get().value().strip(), 1, DestinationParser.MAX_PORT)
                .orElseThrow(() -> new IllegalArgumentException(given.get().describe() + " is not valid; expected"
                        + " a port number from 1 to 65535, e.g. 81 (80 keeps the page on the HTTP listeners)"));
        return port == SHARED_PORT ? OptionalInt.empty() : OptionalInt.of(port);
    }

    @Override
    public String toString() {
        return "StatsVariables[" + settings + "]";
    }

    /** For log lines: where the page is served. */
    public String describe() {
        StatsSettings stats = settings;
        return "Stats page at " + stats.uri() + (stats.port().isPresent() ? " on port " + stats.port().getAsInt()
                + " only" : " on every HTTP listener") + (stats.authenticated()
                ? " (basic authentication, realm " + StatsSettings.REALM + ")" : " (no authentication)")
                + "; JSON at " + stats.uri() + ";json";
    }
}
