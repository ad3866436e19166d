package dev.swarmgate.config.dfp;

import java.util.Map;

/**
 * {@code TCP_SPLICE}: whether the kernel moves the bytes of TCP tunnels with splice(2) where it can (epoll, no TLS
 * or decoder on the connection); {@code true} by default, {@code false} keeps every tunnel on the buffer relay.
 * Go's boolean spellings.
 */
public final class TcpSpliceSetting {

    private TcpSpliceSetting() {
    }

    /** @throws IllegalArgumentException naming the variable when the value is not a boolean */
    public static boolean read(Map<String, String> env) {
        String text = env.get("TCP_SPLICE");
        if (text == null || text.isBlank()) {
            return true;
        }
        return GoBoolean.parse(text.strip()).orElseThrow(() -> new IllegalArgumentException("TCP_SPLICE=" + text
                + " is not valid: use true (splice TCP tunnels where possible) or false (copy through buffers)"));
    }
}
