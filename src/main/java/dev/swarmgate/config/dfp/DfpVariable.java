package dev.swarmgate.config.dfp;

import java.util.Locale;

/**
 * Every proxy environment variable Swarmgate knows (dfp-compat §3.1 plus its own), in one place: those it reads,
 * and those it accepts but ignores, each with the reason reported in {@code Settings.unsupported} when it is set.
 */
enum DfpVariable {
    IP(null),
    PORT(null),
    DEFAULT_PORTS(null),
    BIND_PORTS(null),
    TIMEOUT_CONNECT(null),
    TIMEOUT_CLIENT(null),
    TIMEOUT_SERVER(null),
    TIMEOUT_QUEUE(null),
    TIMEOUT_TUNNEL(null),
    TIMEOUT_HTTP_REQUEST(null),
    TIMEOUT_HTTP_KEEP_ALIVE(null),
    SEPARATOR(null),
    SERVICE_DOMAIN_ALGO(null),
    HTTPS_ONLY(null),
    /** Read by {@link EnvServices}: the request mode of {@code DFP_SERVICE_*} services without one. */
    DEFAULT_PROTOCOL(null),
    LISTEN_IP(null),
    IO_THREADS(null),
    STATE_DIR(null),
    ERROR_PAGES_DIR(null),
    /** Global basic authentication (realm {@code defaultRealm}); read by {@link DfpSettings}. */
    USERS(null),
    USERS_PASS_ENCRYPTED(null),
    /** Swarmgate's own: CIDR list of peers allowed to send a PROXY header to accept-proxy listeners. */
    PROXY_PROTOCOL_TRUSTED_NETWORKS(null),
    LISTENER_ADDRESS(null),
    /** Swarmgate's own: client connections open at once over every listener (DFP's template fixed 5000). */
    MAXCONN(null),
    /** Swarmgate's own: the least average rate of a request body, in bytes per second. */
    HTTP_BODY_MIN_RATE(null),
    /** Swarmgate's own: seconds a request body may take before its rate is checked. */
    HTTP_BODY_MIN_RATE_GRACE(null),
    SERVICE_NAME(null),
    RELOAD_ATTEMPTS(null),
    RELOAD_INTERVAL(null),
    REPEAT_RELOAD(null),
    /** Swarmgate's own: {@code user:password} list; when set, the admin API needs basic authentication. */
    ADMIN_USERS(null),
    /** Swarmgate's own: the certificates directory, DFP's fixed {@code /certs} by default. */
    CERTS_DIR(null),
    /** {@code *} globs of certificate names served first; the first certificate of all is the default one. */
    PREFERRED_CERTIFICATE(null),
    /** Milliseconds a starting replica waits before it looks its peers up to copy their certificates. */
    DNS_LOOKUP_PAUSE_MS(null),
    /** TLS listeners (read by {@link TlsListenerSettings}): ALPN h2, client certificates, versions and ciphers. */
    ENABLE_H2(null),
    CA_FILE(null),
    SSL_BIND_OPTIONS(null),
    SSL_BIND_CIPHERS(null),
    /** HAProxy's {@code ssl-default-bind-ciphersuites} (TLS 1.3), which DFP's template did not have. */
    SSL_BIND_CIPHERSUITES(null),
    /** Swarmgate's own: whether destinations without {@code transparent} bind the client's address. */
    TRANSPARENT(null),

    EXTRA_GLOBAL(Reasons.RAW_HAPROXY),
    EXTRA_FRONTEND(Reasons.RAW_HAPROXY),
    CFG_TEMPLATE_PATH("points at the HAProxy configuration template; Swarmgate does not run HAProxy"),
    RESOLVERS(Reasons.DNS),
    CHECK_RESOLVERS(Reasons.DNS),
    DO_NOT_RESOLVE_ADDR(Reasons.DNS),
    CONNECTION_MODE("selects an HAProxy connection option; Swarmgate manages backend connections itself"),
    TERMINATE_ON_RELOAD(Reasons.RELOAD),
    RECONFIGURE_ATTEMPTS(Reasons.RELOAD),
    CRT_LIST_PATH("points at an HAProxy crt-list file; Swarmgate serves every certificate in CERTS_DIR (default"
            + " /certs) and the cert-*/cert_* secrets, ordered by PREFERRED_CERTIFICATE, so put the listed files there"),
    CAPTURE_REQUEST_HEADER(Reasons.LOG_FORMAT),
    DEBUG_HTTP_FORMAT(Reasons.LOG_FORMAT),
    DEBUG_TCP_FORMAT(Reasons.LOG_FORMAT),
    COMPRESSION_ALGO(Reasons.COMPRESSION),
    COMPRESSION_TYPE(Reasons.COMPRESSION),
    /** The stats page, read by {@link StatsVariables}: through the {@code *_ENV} indirection, and the port. */
    STATS_USER(null),
    STATS_PASS(null),
    STATS_URI(null),
    STATS_PORT(null),
    STATS_USER_ENV(null),
    STATS_PASS_ENV(null),
    STATS_URI_ENV(null),
    CERTS("is deprecated and was already ignored by Docker Flow Proxy"),
    MODE("is a legacy Docker Flow Proxy mode that current versions ignore too"),
    DEFAULT_REQ_MODE("sets the mode of HAProxy's shared frontend; Swarmgate's shared listeners speak HTTP"),
    PROXY_INSTANCE_NAME(null),
    FILTER_PROXY_INSTANCE_NAME(null),
    SKIP_ADDRESS_VALIDATION("enables a DNS pre-check of services, which Swarmgate does not do"),
    /** HAProxy's request log; read by {@link AccessLogSetting}: the access log, common format, unless ACCESS_LOG says. */
    DEBUG(null),
    /** HAProxy's {@code dontlog-normal}; read by {@link AccessLogSetting}: the access log keeps errors only. */
    DEBUG_ERRORS_ONLY(null),
    HEALTHCHECK("switches Docker Flow Proxy's image health-check script, which Swarmgate's image does not use"),
    DISPLAY_CONFIG_ON_ERROR("shows HAProxy configuration in errors; Swarmgate does not run HAProxy");

    private final String ignoredBecause;

    DfpVariable(String ignoredBecause) {
        this.ignoredBecause = ignoredBecause;
    }

    boolean ignored() {
        return ignoredBecause != null;
    }

    /** The sentence reported when an ignored variable is set. */
    String ignoredSentence() {
        return name() + " " + ignoredBecause + ", so it is ignored";
    }

    /** The Docker secret that replaces the variable: {@code dfp_<lowercase name>}. */
    String secretName() {
        return "dfp_" + name().toLowerCase(Locale.ROOT);
    }

    /** Reasons shared by several variables. */
    private static final class Reasons {
        static final String RAW_HAPROXY = "is raw HAProxy configuration; Swarmgate does not run HAProxy";
        static final String DNS = "configures HAProxy's DNS resolution; Swarmgate resolves backends itself";
        static final String RELOAD = "tunes HAProxy reloads; Swarmgate applies changes without reloading";
        static final String LOG_FORMAT = "is HAProxy log syntax; Swarmgate writes its own log format";
        static final String COMPRESSION = "turns on HAProxy response compression for every service at once, which"
                + " Swarmgate does not do; give the services that should compress compressionAlgo (and"
                + " compressionType)";
    }
}
