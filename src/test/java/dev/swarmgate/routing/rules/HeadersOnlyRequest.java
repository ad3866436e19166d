package dev.swarmgate.routing.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A plain {@link RequestView} for step tests: a GET with headers (case-insensitive) and nothing else of note. */
final class HeadersOnlyRequest implements RequestView {

    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private String path = "/";

    HeadersOnlyRequest with(String name, String value) {
        addHeader(name, value);
        return this;
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String query() {
        return null;
    }

    @Override
    public void setPath(String path) {
        this.path = path;
    }

    @Override
    public String header(CharSequence name) {
        List<String> values = headers.get(name.toString());
        return values == null ? null : values.getLast();
    }

    @Override
    public List<String> headers(CharSequence name) {
        return List.copyOf(headers.getOrDefault(name.toString(), List.of()));
    }

    @Override
    public void addHeader(CharSequence name, String value) {
        headers.computeIfAbsent(name.toString(), key -> new ArrayList<>()).add(value);
    }

    @Override
    public void setHeader(CharSequence name, String value) {
        headers.put(name.toString(), new ArrayList<>(List.of(value)));
    }

    @Override
    public void removeHeader(CharSequence name) {
        headers.remove(name.toString());
    }

    @Override
    public boolean tls() {
        return false;
    }

    @Override
    public boolean clientCertificateVerified() {
        return false;
    }

    @Override
    public String clientAddress() {
        return "127.0.0.1";
    }

    @Override
    public int clientPort() {
        return 40000;
    }

    @Override
    public String localAddress() {
        return "127.0.0.1";
    }

    @Override
    public int localPort() {
        return 80;
    }
}
