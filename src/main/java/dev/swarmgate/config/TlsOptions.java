package dev.swarmgate.config;

/**
 * What a destination asks of TLS beyond routing: whether it is the HTTPS entry of a DFP destination with
 * {@code httpsPort} (the one DFP names {@code https-<aclName>-be<httpsPort>_<index>}: it takes the requests that
 * arrive on {@code srcHttpsPort} and sends them to {@code httpsPort}), and how its backends are spoken to.
 *
 * @param httpsEntry true for the HTTPS entry of an {@code httpsPort} destination; its {@code srcPort} is the
 *                   {@code srcHttpsPort} and its {@code port} the {@code httpsPort}
 * @param backend    plain or TLS towards the backends ({@code sslVerifyNone})
 */
public record TlsOptions(boolean httpsEntry, BackendTls backend) {

    /** Not an HTTPS entry, plain backends. */
    public static final TlsOptions NONE = new TlsOptions(false, BackendTls.PLAIN);
}
