package dev.swarmgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How {@code :ssl} listeners terminate TLS, read once at start.
 *
 * @param certsDir              where combined PEM files (certificate, key, chain) are read and uploaded ones are written
 *                              ({@code CERTS_DIR}, default /certs as in Docker Flow Proxy)
 * @param http2                 whether ALPN offers {@code h2} ({@code ENABLE_H2}, default true)
 * @param caFile                the CA bundle client certificates are verified against ({@code CA_FILE}); listeners
 *                              then ask for one (optional, as HAProxy's {@code verify optional})
 * @param protocols             TLS versions offered, a subset of TLSv1.2 and TLSv1.3 (from {@code SSL_BIND_OPTIONS})
 * @param ciphers               TLS 1.2 cipher suites in order of preference, IANA names such as
 *                              {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256} (from {@code SSL_BIND_CIPHERS}); empty =
 *                              Swarmgate's default (ECDHE with AEAD only)
 * @param cipherSuites          TLS 1.3 cipher suites (from {@code SSL_BIND_CIPHERSUITES}); empty = default
 * @param preferredCertificates {@code PREFERRED_CERTIFICATE} globs: matching certificates come first, the first of
 *                              all is the default for clients without (or with an unknown) server name
 * @param sessionTickets        whether TLS session tickets are issued ({@code no-tls-tickets} turns them off); the
 *                              server-side session cache stays on either way
 * @param handshakeTimeout      how long a client has from connecting to a finished TLS handshake, in each of its two
 *                              phases (ClientHello, then the rest); {@code TIMEOUT_HTTP_REQUEST}
 */
public record TlsSettings(Path certsDir, boolean http2, Optional<Path> caFile, List<String> protocols,
                          List<String> ciphers, List<String> cipherSuites, List<String> preferredCertificates,
                          boolean sessionTickets, Duration handshakeTimeout) {

    public static final Path DEFAULT_CERTS_DIR = Path.of("/certs");
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");
    /** Docker Flow Proxy's {@code TIMEOUT_HTTP_REQUEST} default. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

    public static final TlsSettings DEFAULTS = new TlsSettings(DEFAULT_CERTS_DIR, true, Optional.empty(),
            DEFAULT_PROTOCOLS, List.of(), List.of(), List.of(), true, DEFAULT_HANDSHAKE_TIMEOUT);

    public TlsSettings {
        protocols = List.copyOf(protocols);
        ciphers = List.copyOf(ciphers);
        cipherSuites = List.copyOf(cipherSuites);
        preferredCertificates = List.copyOf(preferredCertificates);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("TLS listeners need at least one protocol version (TLSv1.2, TLSv1.3)");
        }
        if (handshakeTimeout == null || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("the TLS handshake timeout must be positive, got " + handshakeTimeout);
        }
    }

    /** Settings with tickets on and the default handshake timeout. */
    public TlsSettings(Path certsDir, boolean http2, Optional<Path> caFile, List<String> protocols,
                       List<String> ciphers, List<String> cipherSuites, List<String> preferredCertificates) {
        this(certsDir, http2, caFile, protocols, ciphers, cipherSuites, preferredCertificates, true,
                DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /** These settings with another certificates directory (tests, {@code CERTS_DIR}). */
    public TlsSettings withCertsDir(Path dir) {
        return new TlsSettings(dir, http2, caFile, protocols, ciphers, cipherSuites, preferredCertificates,
                sessionTickets, handshakeTimeout);
    }

    /** These settings with other {@code PREFERRED_CERTIFICATE} globs. */
    public TlsSettings withPreferredCertificates(List<String> globs) {
        return new TlsSettings(certsDir, http2, caFile, protocols, ciphers, cipherSuites, globs, sessionTickets,
                handshakeTimeout);
    }
}
