package dev.swarmgate.routing.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain {@link RequestView} for unit tests: method, target and headers as given, over plain HTTP. Reading it
 * allocates nothing, so allocation tests measure the code under test only.
 */
public final class HeaderRequestView implements RequestView {

    private final String method;
    private String path;
    private final String query;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private boolean tls;
    private boolean clientCertificateVerified;

    private HeaderRequestView(String method, String target) {
        this.method = method;
        int question = target.indexOf('?');
        this.path = question < 0 ? target : target.substring(0, question);
        this.query = question < 0 ? null : target.substring(question + 1);
    }

    /** {@code GET /a?b}. */
    public static HeaderRequestView of(String method, String target) {
        return new HeaderRequestView(method, target);
    }

    /** Adds a header line (a name given twice gives two lines). */
    public HeaderRequestView with(String name, String value) {
        headers.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        return this;
    }

    public HeaderRequestView overTls() {
        tls = true;
        return this;
    }

    /** Over TLS, with a client certificate the listener verified. */
    public HeaderRequestView withVerifiedClientCertificate() {
        tls = true;
        clientCertificateVerified = true;
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String query() {
        return query;
    }

    @Override
    public void setPath(String path) {
        this.path = path;
    }

    @Override
    public String header(CharSequence name) {
        List<String> values = headers(name);
        return values.isEmpty() ? null : values.getLast();
    }

    @Override
    public List<String> headers(CharSequence name) {
        return headers.getOrDefault(name.toString(), List.of());
    }

    @Override
    public void addHeader(CharSequence name, String value) {
        with(name.toString(), value);
    }

    @Override
    public void setHeader(CharSequence name, String value) {
        removeHeader(name);
        with(name.toString(), value);
    }

    @Override
    public void removeHeader(CharSequence name) {
        headers.remove(name.toString());
    }

    @Override
    public boolean tls() {
        return tls;
    }

    @Override
    public boolean clientCertificateVerified() {
        return clientCertificateVerified;
    }

    @Override
    public String clientAddress() {
        return "192.0.2.1";
    }

    @Override
    public int clientPort() {
        return 40000;
    }

    @Override
    public String localAddress() {
        return "192.0.2.9";
    }

    @Override
    public int localPort() {
        return 80;
    }
}
