package dev.swarmgate.config.dfp;

import dev.swarmgate.config.AdminAuth;
import dev.swarmgate.config.BasicAuth;
import dev.swarmgate.config.CryptFormat;
import dev.swarmgate.config.DomainMatch;
import dev.swarmgate.config.InstanceFilter;
import dev.swarmgate.config.Limits;
import dev.swarmgate.config.ListenerSpec;
import dev.swarmgate.config.ReplicaSync;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.Timeouts;
import dev.swarmgate.config.TlsSettings;
import dev.swarmgate.config.Transparency;
import dev.swarmgate.config.TransparentProxying;
import dev.swarmgate.config.TrustedNetworks;
import dev.swarmgate.config.UserCredential;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Proxy settings from Docker Flow Proxy's environment variables and {@code dfp_*} secrets (dfp-compat §3.1, §3.2),
 * with DFP's image defaults, so an existing DFP deployment's environment works unchanged.
 */
public final class DfpSettings {

    static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/swarmgate");
    static final Path DEFAULT_ERROR_PAGES_DIR = Path.of("/errorfiles");
    /** A Swarm service name (stack prefix included, e.g. {@code proxy_proxy}), as it appears in a DNS name. */
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    /** Docker Flow Proxy's realm for the global {@code USERS}. */
    static final String GLOBAL_REALM = "defaultRealm";

    private final SettingSource source;
    private final Path secretsDir;
    private final List<String> unsupported = new ArrayList<>();

    private DfpSettings(SettingSource source, Path secretsDir) {
        this.source = source;
        this.secretsDir = secretsDir;
    }

    /** @throws IllegalArgumentException naming the variable and the fix when a value is malformed */
    public static Settings read(Map<String, String> env, Path secretsDir) {
        return read(env, secretsDir, DEFAULT_ERROR_PAGES_DIR);
    }

    /** As {@link #read(Map, Path)}, with the error-pages directory used when ERROR_PAGES_DIR is unset. */
    static Settings read(Map<String, String> env, Path secretsDir, Path defaultErrorPagesDir) {
        return new DfpSettings(new SettingSource(env, secretsDir), secretsDir).settings(defaultErrorPagesDir);
    }

    private Settings settings(Path defaultErrorPagesDir) {
        String adminHost = text(DfpVariable.IP, "0.0.0.0");
        int adminPort = (int) number(DfpVariable.PORT, 8080, 1, DestinationParser.MAX_PORT,
                "a port number from 1 to 65535, e.g. 8080");
        List<ListenerSpec> defaultPorts = ports(DfpVariable.DEFAULT_PORTS, "80,443:ssl");
        List<ListenerSpec> bindPorts = ports(DfpVariable.BIND_PORTS, "");
        Timeouts defaults = Timeouts.dfpDefaults();
        Timeouts timeouts = new Timeouts(
                seconds(DfpVariable.TIMEOUT_CONNECT, defaults.connect()),
                seconds(DfpVariable.TIMEOUT_CLIENT, defaults.client()),
                seconds(DfpVariable.TIMEOUT_SERVER, defaults.server()),
                seconds(DfpVariable.TIMEOUT_QUEUE, defaults.queue()),
                seconds(DfpVariable.TIMEOUT_TUNNEL, defaults.tunnel()),
                seconds(DfpVariable.TIMEOUT_HTTP_REQUEST, defaults.httpRequest()),
                seconds(DfpVariable.TIMEOUT_HTTP_KEEP_ALIVE, defaults.httpKeepAlive()));
        String separator = text(DfpVariable.SEPARATOR, ",");
        DomainMatch domainMatch = domainMatch();
        boolean httpsOnly = flag(DfpVariable.HTTPS_ONLY);
        Optional<Path> stateDir = Optional.of(path(DfpVariable.STATE_DIR).orElse(DEFAULT_STATE_DIR));
        Optional<Path> errorPagesDir = path(DfpVariable.ERROR_PAGES_DIR)
                .or(() -> Files.isDirectory(defaultErrorPagesDir)
                        ? Optional.of(defaultErrorPagesDir) : Optional.empty());
        Optional<BasicAuth> globalAuth = globalAuth();
        for (DfpVariable variable : DfpVariable.values()) {
            if (variable.ignored() && source.get(variable).isPresent()) {
                unsupported.add(variable.ignoredSentence());
            }
        }
        int ioThreads = (int) number(DfpVariable.IO_THREADS, 0, 0, 1024,
                "a number of event loop threads from 1 to 1024, or 0 for one per CPU");
        TrustedNetworks trustedNetworks = trustedNetworks();
        TlsSettings tls = TlsListenerSettings.read(source, timeouts.httpRequest(), unsupported);
        return new Settings(ioThreads, text(DfpVariable.LISTEN_IP, "0.0.0.0"), adminHost, adminPort, defaultPorts,
                bindPorts, timeouts, separator, domainMatch,
                httpsOnly, stateDir, errorPagesDir, unsupported, trustedNetworks, replicaSync(), limits(), adminAuth(),
                globalAuth, secretsDir).withTls(certificates(tls))
                .withTransparent(new TransparentProxying(flag(DfpVariable.TRANSPARENT) ? Transparency.CLIENT_IP
                        : Transparency.OFF, Optional.empty()));
    }

    /** Where certificates are read ({@code CERTS_DIR}) and which come first ({@code PREFERRED_CERTIFICATE}). */
    private TlsSettings certificates(TlsSettings tls) {
        Path certsDir = path(DfpVariable.CERTS_DIR).orElse(TlsSettings.DEFAULT_CERTS_DIR);
        List<String> preferred = source.get(DfpVariable.PREFERRED_CERTIFICATE)
                .map(given -> Pattern.compile(",").splitAsStream(given.value()).map(String::strip)
                        .filter(glob -> !glob.isEmpty()).toList())
                .orElse(List.of());
        return tls.withCertsDir(certsDir).withPreferredCertificates(preferred);
    }

    private AdminAuth adminAuth() {
        return source.get(DfpVariable.ADMIN_USERS).map(AdminUsers::parse).orElse(AdminAuth.OFF);
    }

    /**
     * {@code USERS} (or the secret {@code dfp_users}): users every HTTP destination without users of its own asks
     * for, in realm {@code defaultRealm}; hashes when {@code USERS_PASS_ENCRYPTED=true}. Users without a password are
     * dropped; none left locks everybody out, as DFP's generated dummy user does.
     */
    private Optional<BasicAuth> globalAuth() {
        Optional<SettingValue> given = source.get(DfpVariable.USERS);
        if (given.isEmpty()) {
            return Optional.empty();
        }
        boolean encrypted = flag(DfpVariable.USERS_PASS_ENCRYPTED);
        String from = given.get().fromSecret() ? "USERS (from secret " + DfpVariable.USERS.secretName() + ")"
                : "USERS (from the environment)";
        List<UserCredential> users = new ArrayList<>();
        for (UserList.Listed user : UserList.parse(given.get().value(), false)) {
            if (encrypted && CryptFormat.of(user.password()).isEmpty()) {
                // The value is left out on purpose: it is a credential.
                throw new IllegalArgumentException(from + " is not valid: USERS_PASS_ENCRYPTED=true, but the"
                        + " password of user " + user.name() + " is not " + CryptFormat.SUPPORTED
                        + ". Give a hash in one of those formats, e.g. from mkpasswd -m sha-512, or unset"
                        + " USERS_PASS_ENCRYPTED for clear-text passwords");
            }
            users.add(new UserCredential(user.name(), user.password(), encrypted));
        }
        return Optional.of(new BasicAuth(GLOBAL_REALM, users));
    }

    private Limits limits() {
        int maxConnections = (int) number(DfpVariable.MAXCONN, Limits.DEFAULT_MAX_CONNECTIONS, 1, 10_000_000,
                "a number of client connections from 1 to 10000000, e.g. " + Limits.DEFAULT_MAX_CONNECTIONS);
        int bodyMinRate = (int) number(DfpVariable.HTTP_BODY_MIN_RATE, Limits.DEFAULT_BODY_MIN_RATE, 0,
                Integer.MAX_VALUE, "a whole number of bytes per second, or 0 for no minimum, e.g. "
                        + Limits.DEFAULT_BODY_MIN_RATE);
        Duration grace = seconds(DfpVariable.HTTP_BODY_MIN_RATE_GRACE, Limits.DEFAULT_BODY_RATE_GRACE);
        return new Limits(maxConnections, bodyMinRate, grace);
    }

    private ReplicaSync replicaSync() {
        ReplicaSync defaults = ReplicaSync.DEFAULTS;
        String serviceName = text(DfpVariable.SERVICE_NAME, defaults.proxyServiceName()).strip();
        if (!SERVICE_NAME.matcher(serviceName).matches()) {
            throw malformed(source.get(DfpVariable.SERVICE_NAME).orElseThrow(),
                    "the name of the proxy's Swarm service, stack prefix included, e.g. proxy_proxy");
        }
        List<URI> listeners = source.get(DfpVariable.LISTENER_ADDRESS).map(given -> {
            try {
                return ListenerAddresses.parse(given.value());
            } catch (IllegalArgumentException e) {
                // An address may carry user:password@ (refused, but it must not reach the log whole).
                throw new IllegalArgumentException(given.describe(ListenerAddresses.masked(given.value()))
                        + " is not valid; expected " + ListenerAddresses.EXPECTED + " (" + e.getMessage() + ")");
            }
        }).orElse(List.of());
        Duration interval = Duration.ofMillis(number(DfpVariable.RELOAD_INTERVAL, defaults.reloadInterval().toMillis(),
                1, Integer.MAX_VALUE, "milliseconds between fetches from the Swarm listener, at least 1, e.g. 5000"));
        int attempts = (int) number(DfpVariable.RELOAD_ATTEMPTS, defaults.reloadAttempts(), 1, Integer.MAX_VALUE,
                "a number of fetch attempts per Swarm listener, at least 1, e.g. 5");
        InstanceFilter filter = new InstanceFilter(
                text(DfpVariable.PROXY_INSTANCE_NAME, InstanceFilter.DEFAULTS.instanceName()).strip(),
                flag(DfpVariable.FILTER_PROXY_INSTANCE_NAME));
        Duration peerLookupPause = Duration.ofMillis(number(DfpVariable.DNS_LOOKUP_PAUSE_MS, 0, 0, 600_000,
                "milliseconds to wait before looking up the other replicas, from 0 to 600000, e.g. 2000"));
        return new ReplicaSync(serviceName, listeners, interval, attempts, flag(DfpVariable.REPEAT_RELOAD), filter,
                peerLookupPause);
    }

    private String text(DfpVariable variable, String fallback) {
        return source.get(variable).map(SettingValue::value).orElse(fallback);
    }

    private long number(DfpVariable variable, long fallback, long min, long max, String expected) {
        Optional<SettingValue> given = source.get(variable);
        if (given.isEmpty()) {
            return fallback;
        }
        return WholeNumber.parse(given.get().value().strip(), min, max)
                .orElseThrow(() -> malformed(given.get(), expected));
    }

    private Duration seconds(DfpVariable variable, Duration fallback) {
        return Duration.ofSeconds(number(variable, fallback.toSeconds(), 1, Integer.MAX_VALUE,
                "a whole number of seconds, at least 1, e.g. " + fallback.toSeconds()));
    }

    private List<ListenerSpec> ports(DfpVariable variable, String fallback) {
        Optional<SettingValue> given = source.get(variable);
        if (given.isEmpty()) {
            return ListenerPorts.parse(fallback).listeners();
        }
        try {
            ListenerPorts ports = ListenerPorts.parse(given.get().value());
            for (String item : ports.ignoredOptions()) {
                unsupported.add(variable.name() + " item '" + item + "' has HAProxy bind options other than"
                        + " accept-proxy and :ssl; Swarmgate binds the port and ignores those options");
            }
            return ports.listeners();
        } catch (IllegalArgumentException e) {
            throw malformed(given.get(), ListenerPorts.EXPECTED + " (" + e.getMessage() + ")");
        }
    }

    private TrustedNetworks trustedNetworks() {
        Optional<SettingValue> given = source.get(DfpVariable.PROXY_PROTOCOL_TRUSTED_NETWORKS);
        if (given.isEmpty()) {
            return TrustedNetworks.EVERYONE;
        }
        try {
            return TrustedNetworks.parse(given.get().value());
        } catch (IllegalArgumentException e) {
            throw malformed(given.get(), "a comma-separated list of IPv4/IPv6 networks, e.g. 10.0.0.0/8,fd00::/8 ("
                    + e.getMessage() + ")");
        }
    }

    private DomainMatch domainMatch() {
        Optional<SettingValue> given = source.get(DfpVariable.SERVICE_DOMAIN_ALGO);
        if (given.isEmpty()) {
            return DomainMatch.PREFIX;
        }
        DomainMatch match = DomainMatch.fromDfpName(given.get().value());
        if (match == null) {
            throw malformed(given.get(), "one of hdr(host), hdr_beg(host), hdr_dom(host), hdr_end(host)");
        }
        return match;
    }

    private boolean flag(DfpVariable variable) {
        Optional<SettingValue> given = source.get(variable);
        if (given.isEmpty()) {
            return false;
        }
        return GoBoolean.parse(given.get().value().strip())
                .orElseThrow(() -> malformed(given.get(), "true or false"));
    }

    private Optional<Path> path(DfpVariable variable) {
        Optional<SettingValue> given = source.get(variable);
        if (given.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(given.get().value().strip()));
        } catch (InvalidPathException e) {
            throw malformed(given.get(), "a directory path, e.g. " + DEFAULT_STATE_DIR);
        }
    }

    private static IllegalArgumentException malformed(SettingValue value, String expected) {
        return new IllegalArgumentException(value.describe() + " is not valid; expected " + expected);
    }
}
