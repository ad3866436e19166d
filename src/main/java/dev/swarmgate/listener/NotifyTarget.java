package dev.swarmgate.listener;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One place notifications of one kind go to: a configured URL and the HTTP method to call it with. The parameters
 * are appended to the URL's own query, as Docker Flow Swarm Listener does ({@code ...reconfigure?hello=world} gets
 * {@code hello=world&distribute=true&...}); the method never moves them into a body.
 *
 * <p>Host names are taken as written, underscores included: swarm service names such as {@code proxy_proxy} are
 * valid DNS names on an overlay network although {@link URI#getHost()} refuses them.
 *
 * @param url      the URL as configured
 * @param host     the host to connect to (brackets of an IPv6 literal removed)
 * @param port     the port to connect to (80 when the URL has none)
 * @param hostHeader the {@code Host} header: the URL's authority without user information
 * @param userInfo {@code user:password} from the URL, percent-decoded, sent as basic authentication; "" for none
 */
public record NotifyTarget(URI url, String method, String host, int port, String hostHeader, String userInfo) {

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    static NotifyTarget of(String url, String method, String variable) {
        try {
            return parse(url, method, variable);
        } catch (IllegalArgumentException e) {
            // The messages quote the URL: quote it with its password masked, as the log does.
            throw new IllegalArgumentException(e.getMessage().replace(url, redact(url)));
        }
    }

    /**
     * The URL with the password of its user information, if any, shown as {@code xxxxx}: what an error message may
     * quote. Works on text that is not a valid URI too; a password holding a {@code /} is still masked (with what
     * follows up to the last {@code @}), since masking too much in an error is better than too little.
     */
    static String redact(String url) {
        int scheme = url.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int end = start;
        while (end < url.length() && "?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) {
            return url;
        }
        int colon = url.indexOf(':', start);
        if (colon < 0 || colon > at) {
            return url;
        }
        return url.substring(0, colon + 1) + "xxxxx" + url.substring(at);
    }

    private static NotifyTarget parse(String url, String method, String variable) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(variable + ": '" + url + "' is not a valid URL (" + e.getReason()
                    + " at index " + e.getIndex() + "); percent-encode special characters, e.g. %20 for a space");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            throw new IllegalArgumentException(variable + ": '" + url + "' uses https://, which the listener does"
                    + " not send notifications over yet; use the proxy's plain http:// admin port on the overlay"
                    + " network, e.g. http://proxy:8080/v1/docker-flow-proxy/reconfigure");
        }
        String authority = uri.getRawAuthority();
        if (!scheme.equals("http") || authority == null || authority.isEmpty()) {
            throw new IllegalArgumentException(variable + ": '" + url + "' is not an http:// URL with a host; write"
                    + " it like http://proxy:8080/v1/docker-flow-proxy/reconfigure");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException(variable + ": '" + url + "' has a #fragment, which is never sent to"
                    + " the server; remove it");
        }
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : URLDecoder.decode(authority.substring(0, at), StandardCharsets.UTF_8);
        String hostPort = authority.substring(at + 1);
        String host = hostPort;
        int port = 80;
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && colon > hostPort.lastIndexOf(']')) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(variable + ": '" + url + "' has no valid port; write a port from"
                        + " 1 to 65535 after the host, e.g. http://proxy:8080/...");
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException(variable + ": '" + url + "' has no host; write it like"
                    + " http://proxy:8080/v1/docker-flow-proxy/reconfigure");
        }
        return new NotifyTarget(uri, method, host, port, hostPort, userInfo);
    }

    /** The request target of one notification: the URL's path and own query, then {@code query} (encoded). */
    String requestTarget(String query) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String own = url.getRawQuery();
        return path + "?" + (own == null || own.isEmpty() ? query : own + "&" + query);
    }

    /** The full URL of one notification, as logged; a password in it is shown as {@code xxxxx}, as Go redacts. */
    String display(String query) {
        String authority = userInfo.isEmpty() ? hostHeader : redactedUserInfo() + "@" + hostHeader;
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        String own = url.getRawQuery();
        return "http://" + authority + path + "?" + (own == null || own.isEmpty() ? query : own + "&" + query);
    }

    private String redactedUserInfo() {
        String raw = url.getRawAuthority();
        String info = raw.substring(0, raw.lastIndexOf('@'));
        int colon = info.indexOf(':');
        return colon < 0 ? info : info.substring(0, colon) + ":xxxxx";
    }

    /**
     * Reads a list of URLs and pairs each with a method from the comma-separated {@code methods}, by position; when
     * there are fewer methods than URLs the last one repeats, and extra methods are unused.
     *
     * @param urlsFrom    where the URLs came from, for error messages (e.g. {@code DF_NOTIFY_CREATE_SERVICE_URL})
     * @param methodsFrom the variable the methods came from
     * @throws IllegalArgumentException naming the variable and the fix
     */
    static List<NotifyTarget> list(List<String> urls, String urlsFrom, String methods, String methodsFrom) {
        List<String> methodList = methods(methods, methodsFrom);
        List<NotifyTarget> targets = new ArrayList<>();
        for (String url : urls) {
            String method = methodList.get(Math.min(targets.size(), methodList.size() - 1));
            targets.add(of(url, method, urlsFrom));
        }
        return List.copyOf(targets);
    }

    /** Splits a comma-separated list, trimming entries and dropping blank ones (DFSL skips URLs without a host). */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private static List<String> methods(String text, String variable) {
        if (text == null || text.isBlank()) {
            return List.of("GET");
        }
        List<String> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String method = part.strip().toUpperCase(Locale.ROOT);
            if (!TOKEN.matcher(method).matches()) {
                throw new IllegalArgumentException(variable + "=" + text + " is not valid: '" + part + "' is not an"
                        + " HTTP method; write a comma-separated list such as GET or GET,POST");
            }
            out.add(method);
        }
        return out;
    }

    @Override
    public String toString() {
        return method + " " + display("").replaceAll("\\?$", "");
    }
}
