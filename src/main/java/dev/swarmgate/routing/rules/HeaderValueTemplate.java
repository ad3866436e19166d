package dev.swarmgate.routing.rules;

import dev.swarmgate.config.HeaderValue;

/**
 * A {@link HeaderValue} ready to evaluate: a literal value is one constant string (no allocation per message); a
 * single fetch is returned as the fetch gives it; anything else is built from its parts. A fetch that finds nothing
 * (an absent header) gives an empty string, as HAProxy's log-format does.
 */
final class HeaderValueTemplate {

    private final String constant;
    private final HeaderValue.Part[] parts;

    private HeaderValueTemplate(String constant, HeaderValue.Part[] parts) {
        this.constant = constant;
        this.parts = parts;
    }

    static HeaderValueTemplate of(HeaderValue value) {
        if (value.isLiteral()) {
            StringBuilder text = new StringBuilder();
            for (HeaderValue.Part part : value.parts()) {
                text.append(((HeaderValue.Literal) part).text());
            }
            return new HeaderValueTemplate(text.toString(), null);
        }
        return new HeaderValueTemplate(null, value.parts().toArray(HeaderValue.Part[]::new));
    }

    /** The value for this message; {@code response} is null on the request side. */
    String render(RequestView request, ResponseView response) {
        if (constant != null) {
            return constant;
        }
        if (parts.length == 1) {
            return fetch((HeaderValue.Fetch) parts[0], request, response);
        }
        StringBuilder text = new StringBuilder(64);
        for (HeaderValue.Part part : parts) {
            switch (part) {
                case HeaderValue.Literal literal -> text.append(literal.text());
                case HeaderValue.Fetch fetch -> text.append(fetch(fetch, request, response));
            }
        }
        return text.toString();
    }

    private static String fetch(HeaderValue.Fetch fetch, RequestView request, ResponseView response) {
        String value = switch (fetch.fetch()) {
            case SRC -> request.clientAddress();
            case SRC_PORT -> Integer.toString(request.clientPort());
            case DST -> request.localAddress();
            case DST_PORT -> Integer.toString(request.localPort());
            case SSL_FC -> request.tls() ? "1" : "0";
            case REQUEST_HEADER -> lastValue(request.header(fetch.argument()));
            case RESPONSE_HEADER -> response == null ? null : lastValue(response.header(fetch.argument()));
            case REQUEST_FULL_HEADER -> request.header(fetch.argument());
            case RESPONSE_FULL_HEADER -> response == null ? null : response.header(fetch.argument());
        };
        return value == null ? "" : value;
    }

    /** HAProxy's {@code hdr()}: a comma separates values, the last one counts, trimmed. */
    private static String lastValue(String line) {
        if (line == null) {
            return null;
        }
        int comma = line.lastIndexOf(',');
        return comma < 0 ? line : line.substring(comma + 1).strip();
    }
}
