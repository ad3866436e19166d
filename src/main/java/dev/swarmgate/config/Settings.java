package dev.swarmgate.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Proxy-wide settings, read once at start from the environment and secrets.
 *
 * @param ioThreads          event loop threads serving connections ({@code IO_THREADS}); 0 = one per CPU
 * @param listenHost         the address every proxy listener binds ({@code LISTEN_IP}, default all interfaces)
 * @param adminHost          admin API bind address ({@code IP})
 * @param adminPort          admin API port ({@code PORT})
 * @param defaultPorts       {@code DEFAULT_PORTS}
 * @param bindPorts          {@code BIND_PORTS}
 * @param separator          list separator for parameter values ({@code SEPARATOR})
 * @param defaultDomainMatch {@code SERVICE_DOMAIN_ALGO}
 * @param httpsOnly          {@code HTTPS_ONLY}: every destination redirects to https
 * @param stateDir           where API-made services persist, if anywhere
 * @param errorPagesDir      where {@code <code>.http} files replace the built-in error pages, if anywhere
 * @param unsupported        settings that were given but are HAProxy-only or not implemented, each with the reason
 * @param proxyProtocolTrustedNetworks peers allowed to send a PROXY header to accept-proxy listeners
 *                           ({@code PROXY_PROTOCOL_TRUSTED_NETWORKS}; none listed = everyone)
 * @param replicaSync        the proxy's own service name and the Swarm listeners it fetches services from
 * @param limits             connection and request body limits ({@code MAXCONN}, {@code HTTP_BODY_MIN_RATE})
 * @param adminAuth          who may call the admin API ({@code ADMIN_USERS}; {@link AdminAuth#OFF}: everyone)
 * @param globalAuth         the proxy-wide users ({@code USERS}, realm {@code defaultRealm}) guarding every HTTP
 *                           destination without users of its own, if any
 * @param secretsDir         where Docker secrets are ({@code SECRETS_DIR}, default /run/secrets): services read
 *                           {@code dfp_users_<usersSecret>} there
 * @param tls                how {@code :ssl} listeners terminate TLS and where certificates are
 * @param transparent        transparent proxying's default ({@code TRANSPARENT}) and whether this runtime can do it
 */
public record Settings(
        int ioThreads,
        String listenHost,
        String adminHost,
        int adminPort,
        List<ListenerSpec> defaultPorts,
        List<ListenerSpec> bindPorts,
        Timeouts timeouts,
        String separator,
        DomainMatch defaultDomainMatch,
        boolean httpsOnly,
        Optional<Path> stateDir,
        Optional<Path> errorPagesDir,
        List<String> unsupported,
        TrustedNetworks proxyProtocolTrustedNetworks,
        ReplicaSync replicaSync,
        Limits limits,
        AdminAuth adminAuth,
        Optional<BasicAuth> globalAuth,
        Path secretsDir,
        TlsSettings tls,
        TransparentProxying transparent) {

    /** Where Docker mounts secrets. */
    public static final Path DEFAULT_SECRETS_DIR = Path.of("/run/secrets");

    /** Settings with the default {@link TlsSettings}. */
    public Settings(int ioThreads, String listenHost, String adminHost, int adminPort, List<ListenerSpec> defaultPorts,
                    List<ListenerSpec> bindPorts, Timeouts timeouts, String separator,
                    DomainMatch defaultDomainMatch, boolean httpsOnly, Optional<Path> stateDir,
                    Optional<Path> errorPagesDir, List<String> unsupported,
                    TrustedNetworks proxyProtocolTrustedNetworks, ReplicaSync replicaSync, Limits limits,
                    AdminAuth adminAuth, Optional<BasicAuth> globalAuth, Path secretsDir) {
        this(ioThreads, listenHost, adminHost, adminPort, defaultPorts, bindPorts, timeouts, separator,
                defaultDomainMatch, httpsOnly, stateDir, errorPagesDir, unsupported, proxyProtocolTrustedNetworks,
                replicaSync, limits, adminAuth, globalAuth, secretsDir, TlsSettings.DEFAULTS);
    }

    /** Settings without transparent proxying by default. */
    public Settings(int ioThreads, String listenHost, String adminHost, int adminPort, List<ListenerSpec> defaultPorts,
                    List<ListenerSpec> bindPorts, Timeouts timeouts, String separator,
                    DomainMatch defaultDomainMatch, boolean httpsOnly, Optional<Path> stateDir,
                    Optional<Path> errorPagesDir, List<String> unsupported,
                    TrustedNetworks proxyProtocolTrustedNetworks, ReplicaSync replicaSync, Limits limits,
                    AdminAuth adminAuth, Optional<BasicAuth> globalAuth, Path secretsDir, TlsSettings tls) {
        this(ioThreads, listenHost, adminHost, adminPort, defaultPorts, bindPorts, timeouts, separator,
                defaultDomainMatch, httpsOnly, stateDir, errorPagesDir, unsupported, proxyProtocolTrustedNetworks,
                replicaSync, limits, adminAuth, globalAuth, secretsDir, tls, TransparentProxying.DEFAULTS);
    }

    /** These settings with other TLS settings. */
    public Settings withTls(TlsSettings tls) {
        return new Settings(ioThreads, listenHost, adminHost, adminPort, defaultPorts, bindPorts, timeouts, separator,
                defaultDomainMatch, httpsOnly, stateDir, errorPagesDir, unsupported, proxyProtocolTrustedNetworks,
                replicaSync, limits, adminAuth, globalAuth, secretsDir, tls, transparent);
    }

    /** These settings with other transparent proxying settings. */
    public Settings withTransparent(TransparentProxying transparent) {
        return new Settings(ioThreads, listenHost, adminHost, adminPort, defaultPorts, bindPorts, timeouts, separator,
                defaultDomainMatch, httpsOnly, stateDir, errorPagesDir, unsupported, proxyProtocolTrustedNetworks,
                replicaSync, limits, adminAuth, globalAuth, secretsDir, tls, transparent);
    }

    /** Settings with admin API users and no global users. */
    public Settings(int ioThreads, String listenHost, String adminHost, int adminPort, List<ListenerSpec> defaultPorts,
                    List<ListenerSpec> bindPorts, Timeouts timeouts, String separator,
                    DomainMatch defaultDomainMatch, boolean httpsOnly, Optional<Path> stateDir,
                    Optional<Path> errorPagesDir, List<String> unsupported,
                    TrustedNetworks proxyProtocolTrustedNetworks, ReplicaSync replicaSync, Limits limits,
                    AdminAuth adminAuth) {
        this(ioThreads, listenHost, adminHost, adminPort, defaultPorts, bindPorts, timeouts, separator,
                defaultDomainMatch, httpsOnly, stateDir, errorPagesDir, unsupported, proxyProtocolTrustedNetworks,
                replicaSync, limits, adminAuth, Optional.empty(), DEFAULT_SECRETS_DIR, TlsSettings.DEFAULTS);
    }

    /** Settings with an open admin API ({@link AdminAuth#OFF}). */
    public Settings(int ioThreads, String listenHost, String adminHost, int adminPort, List<ListenerSpec> defaultPorts,
                    List<ListenerSpec> bindPorts, Timeouts timeouts, String separator,
                    DomainMatch defaultDomainMatch, boolean httpsOnly, Optional<Path> stateDir,
                    Optional<Path> errorPagesDir, List<String> unsupported,
                    TrustedNetworks proxyProtocolTrustedNetworks, ReplicaSync replicaSync, Limits limits,
                    Optional<BasicAuth> globalAuth, Path secretsDir) {
        this(ioThreads, listenHost, adminHost, adminPort, defaultPorts, bindPorts, timeouts, separator,
                defaultDomainMatch, httpsOnly, stateDir, errorPagesDir, unsupported, proxyProtocolTrustedNetworks,
                replicaSync, limits, AdminAuth.OFF, globalAuth, secretsDir, TlsSettings.DEFAULTS);
    }

    /** Settings with an open admin API, without global users, reading secrets from {@link #DEFAULT_SECRETS_DIR}. */
    public Settings(int ioThreads, String listenHost, String adminHost, int adminPort, List<ListenerSpec> defaultPorts,
                    List<ListenerSpec> bindPorts, Timeouts timeouts, String separator,
                    DomainMatch defaultDomainMatch, boolean httpsOnly, Optional<Path> stateDir,
                    Optional<Path> errorPagesDir, List<String> unsupported,
                    TrustedNetworks proxyProtocolTrustedNetworks, ReplicaSync replicaSync, Limits limits) {
        this(ioThreads, listenHost, adminHost, adminPort, defaultPorts, bindPorts, timeouts, separator,
                defaultDomainMatch, httpsOnly, stateDir, errorPagesDir, unsupported, proxyProtocolTrustedNetworks,
                replicaSync, limits, AdminAuth.OFF, Optional.empty(), DEFAULT_SECRETS_DIR, TlsSettings.DEFAULTS);
    }

    /** Settings with the default {@link Limits}. */
    public Settings(int ioThreads, String listenHost, String adminHost, int adminPort, List<ListenerSpec> defaultPorts,
                    List<ListenerSpec> bindPorts, Timeouts timeouts, String separator,
                    DomainMatch defaultDomainMatch, boolean httpsOnly, Optional<Path> stateDir,
                    Optional<Path> errorPagesDir, List<String> unsupported,
                    TrustedNetworks proxyProtocolTrustedNetworks, ReplicaSync replicaSync) {
        this(ioThreads, listenHost, adminHost, adminPort, defaultPorts, bindPorts, timeouts, separator,
                defaultDomainMatch, httpsOnly, stateDir, errorPagesDir, unsupported, proxyProtocolTrustedNetworks,
                replicaSync, Limits.defaults());
    }

    /** Settings that trust every peer to send a PROXY header (as HAProxy's {@code accept-proxy} does). */
    public Settings(int ioThreads, String listenHost, String adminHost, int adminPort, List<ListenerSpec> defaultPorts,
                    List<ListenerSpec> bindPorts, Timeouts timeouts, String separator,
                    DomainMatch defaultDomainMatch, boolean httpsOnly, Optional<Path> stateDir,
                    Optional<Path> errorPagesDir, List<String> unsupported) {
        this(ioThreads, listenHost, adminHost, adminPort, defaultPorts, bindPorts, timeouts, separator,
                defaultDomainMatch, httpsOnly, stateDir, errorPagesDir, unsupported, TrustedNetworks.EVERYONE);
    }

    /** Settings without a Swarm listener, for a proxy service called {@code proxy} ({@link ReplicaSync#DEFAULTS}). */
    public Settings(int ioThreads, String listenHost, String adminHost, int adminPort, List<ListenerSpec> defaultPorts,
                    List<ListenerSpec> bindPorts, Timeouts timeouts, String separator,
                    DomainMatch defaultDomainMatch, boolean httpsOnly, Optional<Path> stateDir,
                    Optional<Path> errorPagesDir, List<String> unsupported,
                    TrustedNetworks proxyProtocolTrustedNetworks) {
        this(ioThreads, listenHost, adminHost, adminPort, defaultPorts, bindPorts, timeouts, separator,
                defaultDomainMatch, httpsOnly, stateDir, errorPagesDir, unsupported, proxyProtocolTrustedNetworks,
                ReplicaSync.DEFAULTS);
    }

    public Settings {
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must be 0 (one per CPU) or more, got " + ioThreads);
        }
        defaultPorts = List.copyOf(defaultPorts);
        bindPorts = List.copyOf(bindPorts);
        unsupported = List.copyOf(unsupported);
        if (proxyProtocolTrustedNetworks == null) {
            proxyProtocolTrustedNetworks = TrustedNetworks.EVERYONE;
        }
        if (replicaSync == null) {
            replicaSync = ReplicaSync.DEFAULTS;
        }
        if (limits == null) {
            limits = Limits.defaults();
        }
        if (adminAuth == null) {
            adminAuth = AdminAuth.OFF;
        }
        if (globalAuth == null) {
            globalAuth = Optional.empty();
        }
        if (secretsDir == null) {
            secretsDir = DEFAULT_SECRETS_DIR;
        }
        if (tls == null) {
            tls = TlsSettings.DEFAULTS;
        }
        if (transparent == null) {
            transparent = TransparentProxying.DEFAULTS;
        }
    }
}
