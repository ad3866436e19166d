package dev.swarmgate.proxy.http;

import io.netty.channel.Channel;

/**
 * Why reading from a client is paused, as a set of reasons (the {@code PAUSE_*} bits): the channel's auto-read is off
 * while any reason holds. For a connection that is TCP back-pressure; for an HTTP/2 stream, no window update, so the
 * client's flow-control window closes.
 */
final class ReadPauses {

    private final Channel channel;
    private int reasons;

    ReadPauses(Channel channel) {
        this.channel = channel;
    }

    void pause(int reason) {
        int before = reasons;
        reasons |= reason;
        if (before == 0) {
            channel.config().setAutoRead(false);
        }
    }

    void resume(int reason) {
        if ((reasons & reason) == 0) {
            return;
        }
        reasons &= ~reason;
        if (reasons == 0) {
            channel.config().setAutoRead(true);
        }
    }

    /** Forgets every reason and reads on. */
    void clear() {
        reasons = 0;
        channel.config().setAutoRead(true);
    }
}
