package dev.swarmgate.admin;

/**
 * An admin request as received: what the endpoints read (the URI) and what a {@code distribute=true} fan-out must
 * send on unchanged (the method and the body).
 *
 * @param uri path and query, still encoded
 */
record AdminRequest(String method, String uri, byte[] body) {

    static AdminRequest get(String uri) {
        return new AdminRequest("GET", uri, new byte[0]);
    }
}
