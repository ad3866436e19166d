package dev.swarmgate.config.dfp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code LISTENER_ADDRESS}: a comma list of Docker Flow Swarm Listener addresses, each a host ({@code swarm-listener}),
 * a host and port ({@code swarm-listener:8081}) or a URL ({@code http://swarm-listener:8080}). As in Docker Flow Proxy,
 * {@code http://} and port 8080 are added when missing.
 */
final class ListenerAddresses {

    static final String EXPECTED = "a comma list of Swarm listener addresses, each host, host:port or http://host:port,"
            + " e.g. swarm-listener or swarm-listener:8080";
    static final int DEFAULT_PORT = 8080;
    /** A DNS name that may hold underscores (swarm service names do), with an optional port. */
    private static final Pattern UNDERSCORED_NAME = Pattern.compile("([A-Za-z0-9_][A-Za-z0-9_.-]*)(?::([0-9]+))?");
    private static final Pattern PASSWORD = Pattern.compile("([^\\s,/@:]+):[^\\s,/@]*@");

    private ListenerAddresses() {
    }

    /**
     * The base URL of each listener, in the order given, without a trailing slash.
     *
     * @throws IllegalArgumentException naming the item that is not an address
     */
    static List<URI> parse(String text) {
        List<URI> listeners = new ArrayList<>();
        for (String raw : text.split(",")) {
            String item = raw.strip();
            if (!item.isEmpty()) {
                listeners.add(parseItem(item));
            }
        }
        return listeners;
    }

    private static URI parseItem(String item) {
        URI uri;
        try {
            uri = new URI(item.contains("://") ? item : "http://" + item);
        } catch (URISyntaxException e) {
            throw invalid(item, e.getReason());
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid(item, "the scheme must be http or https");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw invalid(item, "a listener address has no query, fragment or user");
        }
        String host = uri.getHost();
        int port = uri.getPort();
        if (host == null) {
            // A swarm service name with an underscore (proxy_listener) is a valid name on an overlay network, but
            // not a URI host: java.net.URI keeps it as a registry-based authority, read here.
            Matcher named = UNDERSCORED_NAME.matcher(uri.getRawAuthority() == null ? "" : uri.getRawAuthority());
            if (!named.matches()) {
                throw invalid(item, "it is not a host name with an optional numeric port");
            }
            host = named.group(1);
            port = named.group(2) == null ? -1 : parsePort(item, named.group(2));
        }
        port = port == -1 ? DEFAULT_PORT : port;
        if (port < 1 || port > DestinationParser.MAX_PORT) {
            throw invalid(item, "the port must be from 1 to 65535");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme + "://" + host + ":" + port + path);
    }

    private static int parsePort(String item, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw invalid(item, "the port must be from 1 to 65535");
        }
    }

    private static IllegalArgumentException invalid(String item, String reason) {
        return new IllegalArgumentException("item '" + masked(item) + "': " + reason);
    }

    /** The text with the password of every {@code user:password@} in it shown as {@code xxxxx}, for messages. */
    static String masked(String text) {
        return PASSWORD.matcher(text).replaceAll("$1:xxxxx@");
    }
}
