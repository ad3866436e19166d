package dev.swarmgate.proxy.tls;

import dev.swarmgate.config.TlsSettings;
import io.netty.channel.ChannelPipeline;

/**
 * TLS for {@code :ssl} listeners: the server contexts built from the current {@link CertificateSet}, selected per
 * handshake by SNI. A new set applies to the next handshake; connections already up keep theirs.
 * <p>
 * Not final so that tests of what follows the handshake (HTTP/2 over ALPN) can stand in a termination of their own
 * through {@code Gateway.terminateTlsWith}.
 */
public class TlsTermination {

    private final TlsSettings settings;
    private volatile CertificateSet certificates = CertificateSet.EMPTY;

    public TlsTermination(TlsSettings settings) {
        this.settings = settings;
    }

    /** Swaps in a new set of certificates (called off the event loops). */
    public void certificates(CertificateSet set) {
        this.certificates = set;
    }

    /** Whether TLS is terminated now: a certificate exists. Until then {@code :ssl} listeners speak plain HTTP. */
    public boolean active() {
        return false;
    }

    /**
     * Adds the TLS handlers to an accepted connection's pipeline (after a PROXY header reader, if any); once the
     * handshake has chosen the application protocol, {@code next} adds the HTTP handlers.
     */
    public void install(ChannelPipeline pipeline, NegotiatedProtocol next) {
        next.http1(pipeline);
    }

    TlsSettings settings() {
        return settings;
    }
}
