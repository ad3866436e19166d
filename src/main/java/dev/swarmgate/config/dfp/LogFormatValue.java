package dev.swarmgate.config.dfp;

import dev.swarmgate.config.HeaderEdit.Direction;
import dev.swarmgate.config.HeaderValue;
import dev.swarmgate.config.HeaderValue.Fetch;
import dev.swarmgate.config.HeaderValue.Literal;
import dev.swarmgate.config.HeaderValue.SampleFetch;

import java.util.ArrayList;
import java.util.List;

/**
 * A header value in HAProxy's log-format syntax, as {@code add-header} and {@code set-header} take it: literal text,
 * {@code %%} for a percent sign, the sample fetches DFP's documentation and its users use ({@code %[src]},
 * {@code %[src_port]}, {@code %[dst]}, {@code %[dst_port]}, {@code %[ssl_fc]}, {@code %[req.hdr(Name)]},
 * {@code %[hdr(Name)]}, {@code %[res.hdr(Name)]}, their whole-line forms {@code fhdr}, {@code %[env(HOSTNAME)]}) and
 * the log variables {@code %ci}, {@code %cp}, {@code %fi}, {@code %fp} that name the same addresses. Anything else
 * is refused by name, never passed through as text.
 */
final class LogFormatValue {

    private static final String SUPPORTED = "%[src], %[src_port], %[dst], %[dst_port], %[ssl_fc], %[req.hdr(Name)],"
            + " %[hdr(Name)], %[res.hdr(Name)] (responses), the whole-line forms req.fhdr, fhdr and res.fhdr,"
            + " %[env(HOSTNAME)], %ci, %cp, %fi, %fp and %% for a percent sign";

    private LogFormatValue() {
    }

    static HeaderValue parse(String format, Direction direction) throws RuleValueException {
        List<HeaderValue.Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 == format.length()) {
                throw new RuleValueException("ends with a lone %; write %% for a percent sign");
            }
            char next = format.charAt(i + 1);
            HeaderValue.Part part;
            if (next == '%') {
                literal.append('%');
                i += 2;
                continue;
            } else if (next == '[') {
                int end = format.indexOf(']', i + 2);
                if (end < 0) {
                    throw new RuleValueException("has an unclosed " + format.substring(i)
                            + "; close it with ] or write %% for a percent sign (the list is split on SEPARATOR"
                            + " first, so with the default , an expression cannot hold a comma)");
                }
                part = expression(format.substring(i + 2, end), direction);
                i = end + 1;
            } else if (next == '{') {
                throw new RuleValueException("uses log-format options %{...}, which Swarmgate does not support;"
                        + " supported: " + SUPPORTED);
            } else {
                int end = i + 1;
                while (end < format.length() && Character.isLetterOrDigit(format.charAt(end))) {
                    end++;
                }
                part = variable(format.substring(i, end));
                i = end;
            }
            if (part instanceof Literal text) {
                literal.append(text.text());
            } else {
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(part);
            }
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new HeaderValue(parts);
    }

    private static HeaderValue.Part variable(String variable) throws RuleValueException {
        return switch (variable) {
            case "%ci" -> new Fetch(SampleFetch.SRC, null);
            case "%cp" -> new Fetch(SampleFetch.SRC_PORT, null);
            case "%fi" -> new Fetch(SampleFetch.DST, null);
            case "%fp" -> new Fetch(SampleFetch.DST_PORT, null);
            default -> throw new RuleValueException("uses " + (variable.length() == 1 ? "a lone %" : variable)
                    + ", which Swarmgate does not evaluate; supported: " + SUPPORTED);
        };
    }

    private static HeaderValue.Part expression(String expression, Direction direction) throws RuleValueException {
        int depth = 0;
        for (int i = 0; i < expression.length(); i++) {
            char c = expression.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                throw unsupported(expression, "converters (,lower, ,base64, ...) are not supported");
            }
        }
        int open = expression.indexOf('(');
        String fetch = open < 0 ? expression : expression.substring(0, open);
        String argument = null;
        if (open >= 0) {
            if (!expression.endsWith(")")) {
                throw unsupported(expression, "the argument list is not closed");
            }
            argument = expression.substring(open + 1, expression.length() - 1);
        }
        return switch (fetch) {
            case "src" -> plain(expression, argument, SampleFetch.SRC);
            case "src_port" -> plain(expression, argument, SampleFetch.SRC_PORT);
            case "dst" -> plain(expression, argument, SampleFetch.DST);
            case "dst_port" -> plain(expression, argument, SampleFetch.DST_PORT);
            case "ssl_fc" -> plain(expression, argument, SampleFetch.SSL_FC);
            case "req.hdr" -> header(expression, argument, SampleFetch.REQUEST_HEADER);
            case "hdr" -> header(expression, argument, direction == Direction.REQUEST
                    ? SampleFetch.REQUEST_HEADER : SampleFetch.RESPONSE_HEADER);
            case "res.hdr" -> {
                if (direction == Direction.REQUEST) {
                    throw unsupported(expression, "a request has no response headers yet; use req.hdr");
                }
                yield header(expression, argument, SampleFetch.RESPONSE_HEADER);
            }
            case "req.fhdr" -> header(expression, argument, SampleFetch.REQUEST_FULL_HEADER);
            case "fhdr" -> header(expression, argument, direction == Direction.REQUEST
                    ? SampleFetch.REQUEST_FULL_HEADER : SampleFetch.RESPONSE_FULL_HEADER);
            case "res.fhdr" -> {
                if (direction == Direction.REQUEST) {
                    throw unsupported(expression, "a request has no response headers yet; use req.fhdr");
                }
                yield header(expression, argument, SampleFetch.RESPONSE_FULL_HEADER);
            }
            case "env" -> environment(expression, argument);
            default -> throw unsupported(expression, "Swarmgate does not evaluate this fetch");
        };
    }

    private static Fetch plain(String expression, String argument, SampleFetch fetch) throws RuleValueException {
        if (argument != null) {
            throw unsupported(expression, "this fetch takes no argument");
        }
        return new Fetch(fetch, null);
    }

    private static Fetch header(String expression, String argument, SampleFetch fetch) throws RuleValueException {
        if (argument == null || argument.isEmpty()) {
            throw unsupported(expression, "name the header, e.g. req.hdr(Host)");
        }
        if (!HeaderNames.isToken(argument)) {
            throw unsupported(expression, "the argument must be one header name (an occurrence number is not"
                    + " supported: the last value is used, as HAProxy does by default)");
        }
        return new Fetch(fetch, argument);
    }

    /**
     * {@code env(HOSTNAME)}, DFP's documented example, read once here: other variables of the proxy may hold its
     * secrets, and any service's labels could copy them into a response.
     */
    private static Literal environment(String expression, String argument) throws RuleValueException {
        if (!"HOSTNAME".equals(argument)) {
            throw unsupported(expression, "only env(HOSTNAME) is supported, as other variables of the proxy may"
                    + " hold its secrets");
        }
        String hostname = System.getenv("HOSTNAME");
        return new Literal(hostname == null ? "" : hostname);
    }

    private static RuleValueException unsupported(String expression, String why) {
        return new RuleValueException("uses %[" + expression + "]: " + why + "; supported: " + SUPPORTED);
    }
}
