package dev.swarmgate.admin;

import dev.swarmgate.httpapi.RequestTarget;

/**
 * An admin request as received: what the endpoints read (the URI) and what a {@code distribute=true} fan-out must
 * send on unchanged (the method, the body and the credentials the replicas check as this proxy did).
 *
 * @param uri           path and query, still encoded
 * @param authorization the {@code Authorization} header, "" when none; never logged
 */
record AdminRequest(String method, String uri, byte[] body, String authorization) {

    static AdminRequest get(String uri) {
        return new AdminRequest("GET", uri, new byte[0], "");
    }

    @Override
    public String toString() {
        return "AdminRequest[" + method + " " + RequestTarget.rawPathOf(uri) + "]";
    }
}
