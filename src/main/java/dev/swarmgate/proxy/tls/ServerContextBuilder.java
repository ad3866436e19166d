package dev.swarmgate.proxy.tls;

import dev.swarmgate.config.TlsSettings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslServerSessionContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one {@link ServerCertificate} into the server {@link SslContext} its handshakes run on, with the listeners'
 * settings: BoringSSL (netty-tcnative) when it loads, else the JDK's TLS; TLS 1.2 and 1.3; ECDHE with AEAD suites
 * unless {@code SSL_BIND_CIPHERS} says otherwise; ALPN; a session cache and, unless turned off, session tickets; and
 * with {@code CA_FILE} a request for an optional client certificate verified against that bundle.
 */
final class ServerContextBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ServerContextBuilder.class);

    /** TLS 1.2 suites offered by default: forward secret (ECDHE) and AEAD only, the strongest first. */
    static final List<String> DEFAULT_TLS12_CIPHERS = List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    /** The TLS 1.3 suites (all AEAD); BoringSSL offers exactly these whatever it is told. */
    static final List<String> DEFAULT_TLS13_CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    /** HAProxy's default {@code tune.ssl.cachesize} is 20000 sessions. */
    private static final long SESSION_CACHE_SIZE = 20_000;
    /** HAProxy's default {@code tune.ssl.lifetime}: 300 s. */
    private static final long SESSION_TIMEOUT_SECONDS = 300;

    private final TlsSettings settings;
    /** Null: the process's choice ({@link Provider}), made when first needed, since loading BoringSSL takes about
     * 125 ms of the proxy's start, spent for nothing when it serves no TLS. */
    private final SslProvider givenProvider;
    private final X509Certificate[] clientCas;
    private final SessionTicketKeys ticketKeys;

    /** @throws IllegalArgumentException when {@code CA_FILE} cannot be read or holds no certificate */
    ServerContextBuilder(TlsSettings settings, SessionTicketKeys ticketKeys) {
        this(settings, ticketKeys, null);
    }

    /** With a given provider: {@link SslProvider#JDK} tests the fallback where BoringSSL loads. */
    ServerContextBuilder(TlsSettings settings, SessionTicketKeys ticketKeys, SslProvider provider) {
        this.settings = settings;
        this.ticketKeys = ticketKeys;
        this.givenProvider = provider;
        this.clientCas = settings.caFile().map(ServerContextBuilder::readCas).orElse(null);
    }

    private SslProvider provider() {
        return givenProvider != null ? givenProvider : Provider.CHOSEN;
    }

    private List<String> ciphers(SslProvider provider) {
        List<String> all = new ArrayList<>(settings.ciphers().isEmpty() ? DEFAULT_TLS12_CIPHERS : settings.ciphers());
        all.addAll(settings.cipherSuites().isEmpty() || provider != SslProvider.JDK
                ? DEFAULT_TLS13_CIPHERS : settings.cipherSuites());
        return all;
    }

    /** Chosen once per process, so the fallback is reported once. */
    private static final class Provider {
        static final SslProvider CHOSEN = choose();

        private static SslProvider choose() {
            if (OpenSsl.isAvailable()) {
                return SslProvider.OPENSSL_REFCNT;
            }
            LOG.warn("TLS runs on the JDK's implementation: netty-tcnative (BoringSSL) did not load ({}); handshakes"
                    + " are slower and SSL_BIND_OPTIONS no-tls-tickets is not applied", OpenSsl.unavailabilityCause());
            return SslProvider.JDK;
        }
    }

    /** Whether contexts are reference counted and must be released when no longer used. */
    boolean openSsl() {
        return provider() == SslProvider.OPENSSL_REFCNT;
    }

    /** @throws SSLException when the key and chain do not make a server context (a mismatched or unsupported key) */
    SslContext build(ServerCertificate certificate) throws SSLException {
        // BoringSSL takes a key that does not match without a word and fails every handshake later.
        checkKeyMatches(certificate);
        SslProvider provider = provider();
        SslContextBuilder builder = SslContextBuilder
                .forServer(certificate.key(), certificate.chain().toArray(X509Certificate[]::new))
                .sslProvider(provider)
                .protocols(settings.protocols())
                .ciphers(ciphers(provider), SupportedCipherSuiteFilter.INSTANCE)
                .sessionCacheSize(SESSION_CACHE_SIZE)
                .sessionTimeout(SESSION_TIMEOUT_SECONDS)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        settings.http2()
                                ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)
                                : List.of(ApplicationProtocolNames.HTTP_1_1)));
        if (clientCas != null) {
            builder.clientAuth(ClientAuth.OPTIONAL).trustManager(clientCas);
        }
        SslContext context = builder.build();
        if (context instanceof ReferenceCountedOpenSslContext openSsl) {
            // BoringSSL refuses to cache a session (an internal_error alert) when it verifies peers without a session
            // ID context; one per certificate also keeps a session from resuming under another certificate.
            ((OpenSslServerSessionContext) openSsl.sessionContext()).setSessionIdContext(
                    sessionIdContext(certificate));
            if (settings.sessionTickets()) {
                // Netty leaves tickets off in BoringSSL until keys are given.
                openSsl.sessionContext().setTicketKeys(ticketKeys.current());
            }
        }
        return context;
    }

    /** Signs a random challenge with the private key and verifies it with the leaf certificate's public key. */
    private static void checkKeyMatches(ServerCertificate certificate) throws SSLException {
        String algorithm = switch (certificate.key().getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> null;
        };
        if (algorithm == null) {
            return;
        }
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(certificate.key());
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.leaf().getPublicKey());
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            throw new SSLException("the private key does not match the certificate " + certificate.leaf()
                    .getSubjectX500Principal() + " (" + e.getMessage() + ")", e);
        }
        throw new SSLException("the private key does not match the certificate "
                + certificate.leaf().getSubjectX500Principal());
    }

    /** At most 32 bytes (SSL_MAX_SID_CTX_LENGTH): a digest of the certificate's name. */
    private static byte[] sessionIdContext(ServerCertificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.name().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Gives a live context the current ticket keys (after {@link SessionTicketKeys#rotate()}). */
    void refreshTicketKeys(SslContext context) {
        if (settings.sessionTickets() && context instanceof ReferenceCountedOpenSslContext openSsl) {
            openSsl.sessionContext().setTicketKeys(ticketKeys.current());
        }
    }

    private static X509Certificate[] readCas(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> cas = new ArrayList<>();
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            factory.generateCertificates(in).forEach(cert -> cas.add((X509Certificate) cert));
            if (cas.isEmpty()) {
                throw new IllegalArgumentException("CA_FILE " + file + " holds no certificate; give a PEM file of the"
                        + " CA certificates client certificates are verified against");
            }
            return cas.toArray(X509Certificate[]::new);
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("CA_FILE " + file + " cannot be read as PEM CA certificates (" + e
                    + "); give a PEM file of -----BEGIN CERTIFICATE----- blocks", e);
        }
    }
}
