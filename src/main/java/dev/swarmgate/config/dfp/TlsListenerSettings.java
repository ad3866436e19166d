package dev.swarmgate.config.dfp;

import dev.swarmgate.config.TlsSettings;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the {@code :ssl} listeners terminate TLS, from Docker Flow Proxy's variables: {@code ENABLE_H2} (ALPN),
 * {@code CA_FILE} (client certificates), {@code SSL_BIND_OPTIONS} (versions, tickets), {@code SSL_BIND_CIPHERS} (TLS
 * 1.2 suites, an OpenSSL cipher string) and {@code SSL_BIND_CIPHERSUITES} (TLS 1.3 suites), each also from its
 * {@code dfp_*} secret. The certificates' own settings ({@code CERTS_DIR}, {@code PREFERRED_CERTIFICATE}) are read
 * apart and added to what this returns.
 */
final class TlsListenerSettings {

    /** The TLS 1.3 suites there are (RFC 8446 §B.4 without the CCM ones, which no TLS library here offers). */
    private static final Set<String> TLS13_SUITES = Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256");

    private TlsListenerSettings() {
    }

    /**
     * @param handshakeTimeout how long a TLS handshake may take ({@code TIMEOUT_HTTP_REQUEST})
     * @param unsupported      where a sentence goes for a value that is valid but cannot be applied as given
     * @throws IllegalArgumentException naming the variable, the word and the fix when a value is not valid
     */
    static TlsSettings read(SettingSource source, Duration handshakeTimeout, List<String> unsupported) {
        boolean http2 = source.get(DfpVariable.ENABLE_H2)
                .map(given -> GoBoolean.parse(given.value().strip())
                        .orElseThrow(() -> malformed(given, "true or false")))
                .orElse(true);
        Optional<Path> caFile = source.get(DfpVariable.CA_FILE).map(TlsListenerSettings::caFile);
        TlsBindOptions options = source.get(DfpVariable.SSL_BIND_OPTIONS).map(given -> {
            try {
                return TlsBindOptions.parse(given.value());
            } catch (IllegalArgumentException e) {
                throw malformed(given, "HAProxy bind options Swarmgate translates (" + e.getMessage() + ")");
            }
        }).orElse(new TlsBindOptions(TlsSettings.DEFAULT_PROTOCOLS, true));
        List<String> ciphers = source.get(DfpVariable.SSL_BIND_CIPHERS).map(given -> {
            try {
                return CipherExpression.expand(given.value());
            } catch (IllegalArgumentException e) {
                throw malformed(given, CipherExpression.EXPECTED + " (" + e.getMessage() + ")");
            }
        }).orElse(List.of());
        List<String> cipherSuites = source.get(DfpVariable.SSL_BIND_CIPHERSUITES).map(given -> {
            List<String> suites = new ArrayList<>();
            for (String name : given.value().strip().split("[:, ]+")) {
                if (!TLS13_SUITES.contains(name)) {
                    throw malformed(given, "a colon-separated list of TLS 1.3 suites from " + TLS13_SUITES
                            + " ('" + name + "' is not one)");
                }
                suites.add(name);
            }
            unsupported.add("SSL_BIND_CIPHERSUITES is checked but not applied when TLS runs on BoringSSL (the"
                    + " default), which always offers its three TLS 1.3 suites, all AEAD; it applies only with the"
                    + " JDK's TLS");
            return suites;
        }).orElse(List.of());
        return new TlsSettings(TlsSettings.DEFAULT_CERTS_DIR, http2, caFile, options.protocols(), ciphers,
                cipherSuites, List.of(), options.tickets(), handshakeTimeout);
    }

    private static Path caFile(SettingValue given) {
        Path path;
        try {
            path = Path.of(given.value().strip());
        } catch (InvalidPathException e) {
            throw malformed(given, "the path of a PEM file of CA certificates, e.g. /run/secrets/client-ca.pem");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw malformed(given, "a readable PEM file of the CA certificates client certificates are verified"
                    + " against; " + path + " is not a readable file (mount it, e.g. as a Docker secret)");
        }
        return path;
    }

    private static IllegalArgumentException malformed(SettingValue value, String expected) {
        return new IllegalArgumentException(value.describe() + " is not valid; expected " + expected);
    }
}
