package dev.swarmgate.proxy.tls;

import dev.swarmgate.config.TlsSettings;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * TLS for {@code :ssl} listeners: one server context per certificate of the current {@link CertificateSet}, chosen per
 * handshake by SNI ({@link ServerNameMapping}: exact name, then wildcard, else the first certificate of the set). A
 * new set is built into contexts by the thread that hands it over, then swapped in at once: the next handshake uses
 * it, connections already up keep the context they shook hands with, and no listener restarts.
 */
public final class TlsTermination implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TlsTermination.class);

    /** Longest ClientHello read before the handshake is given up (real ones are a few KiB). */
    private static final int MAX_CLIENT_HELLO = 32 * 1024;
    /**
     * How long a replaced context lives on before it is released: a handshake that read the old mapping just before
     * the swap still makes its engine from it (an engine holds its own reference after that).
     */
    private static final long RELEASE_GRACE_SECONDS = 30;
    /** New tickets get a new key this often; the previous key still decrypts for one more period. */
    private static final long TICKET_KEY_ROTATION_MINUTES = 60;

    private final TlsSettings settings;
    private final SessionTicketKeys ticketKeys = new SessionTicketKeys();
    private final ServerContextBuilder builder;
    private final HandshakeCounters counters = new HandshakeCounters();
    private volatile ServerNameMapping mapping = ServerNameMapping.EMPTY;
    private ScheduledExecutorService housekeeping;
    /** Replaced contexts waiting for their grace to end. */
    private final List<SslContext> retiring = new ArrayList<>();
    private boolean closed;

    /** @throws IllegalArgumentException when {@code CA_FILE} cannot be read */
    public TlsTermination(TlsSettings settings) {
        this.settings = settings;
        this.builder = new ServerContextBuilder(settings, ticketKeys);
    }

    /** On the JDK's TLS whether or not BoringSSL loads, to test that fallback. */
    static TlsTermination onJdkTls(TlsSettings settings) {
        return new TlsTermination(settings, io.netty.handler.ssl.SslProvider.JDK);
    }

    private TlsTermination(TlsSettings settings, io.netty.handler.ssl.SslProvider provider) {
        this.settings = settings;
        this.builder = new ServerContextBuilder(settings, ticketKeys, provider);
    }

    /**
     * Swaps in a new set of certificates. Builds their contexts first (crypto: call it off the event loops); a
     * certificate unchanged since the last set keeps its context, and one whose context fails to build keeps its
     * previous one, if it had one, else is left out; each failure is logged with its reason.
     */
    public synchronized void certificates(CertificateSet set) {
        if (closed) {
            return;
        }
        ServerNameMapping previous = mapping;
        Map<String, ServerNameMapping.Entry> before = new HashMap<>();
        previous.entries().forEach(entry -> before.put(entry.certificate().name(), entry));
        List<ServerNameMapping.Entry> entries = new ArrayList<>();
        for (ServerCertificate certificate : set.certificates()) {
            ServerNameMapping.Entry old = before.get(certificate.name());
            if (old != null && old.certificate().equals(certificate)) {
                entries.add(old);
                continue;
            }
            try {
                entries.add(new ServerNameMapping.Entry(certificate, builder.build(certificate)));
            } catch (Exception e) {
                if (old != null) {
                    LOG.warn("certificate {}: its new version cannot serve TLS ({}); the previous version stays in"
                            + " use", certificate.name(), e.toString());
                    entries.add(old);
                } else {
                    LOG.warn("certificate {} cannot serve TLS ({}); it is left out", certificate.name(), e.toString());
                }
            }
        }
        ServerNameMapping next = new ServerNameMapping(entries);
        mapping = next;
        Set<SslContext> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        next.entries().forEach(entry -> kept.add(entry.context()));
        List<SslContext> replaced = previous.entries().stream().map(ServerNameMapping.Entry::context)
                .filter(context -> !kept.contains(context)).toList();
        if (!replaced.isEmpty() && builder.openSsl()) {
            retiring.addAll(replaced);
            housekeeping().schedule(() -> retire(replaced), RELEASE_GRACE_SECONDS, TimeUnit.SECONDS);
        }
        if (!next.isEmpty()) {
            housekeeping();
        }
        if (next.isEmpty()) {
            // The listeners warn, naming their ports (server.PlainSslPort): only they know whether any is :ssl.
            LOG.debug("TLS: no certificate; :ssl listeners serve plain HTTP to new connections");
        } else {
            LOG.info("TLS: {} certificate(s), default {} for clients without a known server name", entries.size(),
                    entries.getFirst().certificate().name());
        }
    }

    /**
     * Whether TLS is terminated now: a certificate exists. Until then {@code :ssl} listeners speak plain HTTP, as
     * Docker Flow Proxy's did (its {@code 443:ssl} became a plain bind without certificates).
     */
    public boolean active() {
        return !mapping.isEmpty();
    }

    /**
     * Adds the TLS handlers to an accepted connection's pipeline (after a PROXY header reader, if any); once the
     * handshake has chosen the application protocol, {@code next} adds the HTTP handlers. The ClientHello must
     * arrive within the handshake timeout, and the rest of the handshake within another.
     */
    public void install(ChannelPipeline pipeline, NegotiatedProtocol next) {
        long timeout = settings.handshakeTimeout().toMillis();
        pipeline.addLast(new SniHandler(serverName -> mapping.map(serverName), MAX_CLIENT_HELLO, timeout));
        pipeline.addLast(new ProtocolNegotiation(next, counters));
    }

    /** Handshakes finished and failed so far. */
    public HandshakeCounters handshakes() {
        return counters;
    }

    TlsSettings settings() {
        return settings;
    }

    private synchronized ScheduledExecutorService housekeeping() {
        if (housekeeping == null) {
            housekeeping = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "tls-housekeeping");
                thread.setDaemon(true);
                return thread;
            });
            if (builder.openSsl() && settings.sessionTickets()) {
                housekeeping.scheduleAtFixedRate(this::rotateTicketKeys, TICKET_KEY_ROTATION_MINUTES,
                        TICKET_KEY_ROTATION_MINUTES, TimeUnit.MINUTES);
            }
        }
        return housekeeping;
    }

    private synchronized void retire(List<SslContext> contexts) {
        for (SslContext context : contexts) {
            if (retiring.remove(context)) {
                ReferenceCountUtil.release(context);
            }
        }
    }

    private void rotateTicketKeys() {
        ticketKeys.rotate();
        mapping.entries().forEach(entry -> builder.refreshTicketKeys(entry.context()));
    }

    /** Releases every context; listeners must be closed first. */
    @Override
    public synchronized void close() {
        closed = true;
        // Nothing built, nothing to release: and BoringSSL need not be loaded for the answer.
        if ((!mapping.entries().isEmpty() || !retiring.isEmpty()) && builder.openSsl()) {
            mapping.entries().forEach(entry -> ReferenceCountUtil.release(entry.context()));
            retiring.forEach(ReferenceCountUtil::release);
            retiring.clear();
        }
        mapping = ServerNameMapping.EMPTY;
        if (housekeeping != null) {
            housekeeping.shutdownNow();
        }
    }
}
