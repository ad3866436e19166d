package dev.swarmgate.proxy.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which certificate's context a handshake gets, by the server name the client sent (SNI): a certificate naming the
 * host exactly, else one with a wildcard for it ({@code *.example.com} matches {@code a.example.com}, one label only,
 * not {@code example.com} nor {@code a.b.example.com}), else the default one, the first of the set; case does not
 * matter. When several certificates name the same host, the earlier in the set wins. Immutable: a new set makes a
 * new mapping.
 */
final class ServerNameMapping implements Mapping<String, SslContext> {

    /** A certificate and the context built from it. */
    record Entry(ServerCertificate certificate, SslContext context) {
    }

    static final ServerNameMapping EMPTY = new ServerNameMapping(List.of());

    private final List<Entry> entries;
    private final Map<String, SslContext> exact = new HashMap<>();
    /** By the part after {@code *.}. */
    private final Map<String, SslContext> wildcard = new HashMap<>();
    private final SslContext fallback;

    ServerNameMapping(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (Entry entry : this.entries) {
            for (String name : entry.certificate().serverNames()) {
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.startsWith("*.")) {
                    wildcard.putIfAbsent(lower.substring(2), entry.context());
                } else {
                    exact.putIfAbsent(lower, entry.context());
                }
            }
        }
        this.fallback = this.entries.isEmpty() ? null : this.entries.getFirst().context();
    }

    /** The certificates and their contexts, in the set's order (the first is the default). */
    List<Entry> entries() {
        return entries;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The context for a handshake whose ClientHello named {@code serverName} (null: it named none). */
    @Override
    public SslContext map(String serverName) {
        if (serverName == null || serverName.isEmpty()) {
            return fallback;
        }
        String host = serverName.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        SslContext found = exact.get(host);
        if (found != null) {
            return found;
        }
        int dot = host.indexOf('.');
        if (dot > 0) {
            found = wildcard.get(host.substring(dot + 1));
            if (found != null) {
                return found;
            }
        }
        return fallback;
    }
}
