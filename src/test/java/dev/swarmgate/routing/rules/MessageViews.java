package dev.swarmgate.routing.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plain in-memory {@link RequestView} and {@link ResponseView} for unit tests of steps (header names fold case). */
final class MessageViews {

    private MessageViews() {
    }

    /** Header lines in order, as a message holds them. */
    static class Headers {
        final List<String[]> lines = new ArrayList<>();

        public String header(CharSequence name) {
            String found = null;
            for (String[] line : lines) {
                if (line[0].equalsIgnoreCase(name.toString())) {
                    found = line[1];
                }
            }
            return found;
        }

        public List<String> headers(CharSequence name) {
            return lines.stream().filter(line -> line[0].equalsIgnoreCase(name.toString())).map(line -> line[1])
                    .toList();
        }

        public void addHeader(CharSequence name, String value) {
            lines.add(new String[] {name.toString(), value});
        }

        public void setHeader(CharSequence name, String value) {
            removeHeader(name);
            addHeader(name, value);
        }

        public void removeHeader(CharSequence name) {
            lines.removeIf(line -> line[0].toLowerCase(Locale.ROOT).equals(name.toString().toLowerCase(Locale.ROOT)));
        }
    }

    static final class Request extends Headers implements RequestView {
        String uri;
        boolean tls;
        boolean clientCertificateVerified;

        Request(String uri) {
            this.uri = uri;
        }

        @Override
        public String method() {
            return "GET";
        }

        @Override
        public String path() {
            int query = uri.indexOf('?');
            return query < 0 ? uri : uri.substring(0, query);
        }

        @Override
        public String query() {
            int query = uri.indexOf('?');
            return query < 0 ? null : uri.substring(query + 1);
        }

        @Override
        public void setPath(String path) {
            String query = query();
            uri = query == null ? path : path + "?" + query;
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
            return "192.0.2.7";
        }

        @Override
        public int clientPort() {
            return 50123;
        }

        @Override
        public String localAddress() {
            return "198.51.100.1";
        }

        @Override
        public int localPort() {
            return 8080;
        }
    }

    static final class Response extends Headers implements ResponseView {

        @Override
        public int status() {
            return 200;
        }
    }
}
