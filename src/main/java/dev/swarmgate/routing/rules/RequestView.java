package dev.swarmgate.routing.rules;

import java.util.List;

/**
 * What a request step sees of a request and may change of it, free of any network library: the data plane adapts
 * its own message type to it. Header names are case-insensitive.
 */
public interface RequestView {

    String method();

    /** The path without the query string, as received or as rewritten. */
    String path();

    /** The query string without the {@code ?}, or null when there is none. */
    String query();

    /** Replaces the path; the query string is kept. */
    void setPath(String path);

    /** The header's last value, or null. */
    String header(CharSequence name);

    /** Every value of the header, in order (empty when absent). */
    List<String> headers(CharSequence name);

    void addHeader(CharSequence name, String value);

    void setHeader(CharSequence name, String value);

    void removeHeader(CharSequence name);

    /** Whether the client connection is TLS ({@code ssl_fc}). */
    boolean tls();

    /**
     * Whether the client connection presented a client certificate verified against {@code CA_FILE}
     * ({@code verifyClientSsl}); false on plain connections and when no {@code CA_FILE} is set.
     */
    default boolean clientCertificateVerified() {
        return false;
    }

    /** The client's address as text (from the PROXY header when the listener accepts one). */
    String clientAddress();

    int clientPort();

    /** The address the client connected to. */
    String localAddress();

    /** The port the client connected to (the listener's port). */
    int localPort();
}
