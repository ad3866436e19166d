package dev.swarmgate.routing.rules;

import java.util.List;

/**
 * A response the proxy writes itself instead of forwarding the request: a refusal (the error page of
 * {@code status}), a 401 with its challenge, a redirect. The data plane writes every one of them through one path
 * that knows keep-alive and close.
 *
 * @param headers headers on top of the error page's (e.g. {@code Location}, {@code WWW-Authenticate})
 * @param body    the body to send, or null for the status's error page (an empty string sends no body)
 * @param close   whether the connection closes after it, whatever the client asked for
 */
public record LocalReply(int status, List<Header> headers, String body, boolean close) implements StepResult {

    public LocalReply {
        headers = List.copyOf(headers);
    }

    /** The status's error page, the connection kept open when the request allows it. */
    public static LocalReply of(int status) {
        return new LocalReply(status, List.of(), null, false);
    }

    /** A redirect without a body. */
    public static LocalReply redirect(int status, String location) {
        return new LocalReply(status, List.of(new Header("Location", location)), "", false);
    }

    /** A header line of the reply. */
    public record Header(String name, String value) {
    }
}
