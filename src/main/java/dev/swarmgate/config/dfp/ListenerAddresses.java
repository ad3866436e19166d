package dev.swarmgate.config.dfp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        if (uri.getHost() == null) {
            throw invalid(item, "it is not a host name with an optional numeric port");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw invalid(item, "a listener address has no query, fragment or user");
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        if (port < 1 || port > DestinationParser.MAX_PORT) {
            throw invalid(item, "the port must be from 1 to 65535");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        String host = uri.getHost();
        return URI.create(scheme + "://" + host + ":" + port + path);
    }

    private static IllegalArgumentException invalid(String item, String reason) {
        return new IllegalArgumentException("item '" + masked(item) + "': " + reason);
    }

    /** The text with the password of every {@code user:password@} in it shown as {@code xxxxx}, for messages. */
    static String masked(String text) {
        return PASSWORD.matcher(text).replaceAll("$1:xxxxx@");
    }
}
