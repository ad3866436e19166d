package dev.swarmgate.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code host:port} as Go's {@code net.Dial} and tcp-proxy write it: {@code localhost:4000}, {@code 10.0.0.7:80},
 * {@code [::1]:6379}, or {@code :4000} (no host: every interface when listening).
 *
 * @param host the host name or IP (without brackets); empty when only a port was given
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
    }

    /**
     * @throws IllegalArgumentException naming the expected form when the text is not {@code host:port}
     */
    public static HostPort parse(String text) {
        String value = text.trim();
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + text + "' is not host:port (e.g. localhost:8001, [::1]:8001, :4000)");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, e.g. [::1]:8001");
        }
        String port = value.substring(colon + 1);
        try {
            return new HostPort(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no valid port after the last ':' (1-65535)");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
        }
    }

    /** Parses a comma-separated list ({@link EndpointDiscovery#STATIC}'s host form); blanks are skipped. */
    public static List<HostPort> parseList(String commaSeparated) {
        List<HostPort> list = new ArrayList<>();
        for (String part : commaSeparated.split(",")) {
            if (!part.isBlank()) {
                list.add(parse(part));
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no host:port in '" + commaSeparated + "'");
        }
        return List.copyOf(list);
    }

    /** Back to text, IPv6 in brackets, so that {@link #parse} reads it again. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
