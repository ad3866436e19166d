package dev.swarmgate.docker;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * The HTTP/1.1 connections to the engine that request/response calls share: a call takes an idle one, or opens one
 * when none is idle, and gives it back once answered if the engine keeps it open. A watcher that lists tasks every
 * 250 ms so keeps one connection instead of opening four a second (each costing a socket, an epoll registration and
 * a pipeline on both sides). A kept connection that the engine closes (a restart) leaves the idle set when it
 * closes. Touched only on the client's event loop.
 */
final class EngineConnections {

    /** Calls overlap rarely (a service listing during a task listing): one more idle connection covers that. */
    private static final int MAX_IDLE = 2;

    private final Supplier<ChannelFuture> open;
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();

    /** @param open connects a new channel with the pipeline of a request/response call */
    EngineConnections(Supplier<ChannelFuture> open) {
        this.open = open;
    }

    /** The connection used last that is still open, or null when none is idle. */
    Channel takeIdle() {
        Channel ch;
        while ((ch = idle.pollFirst()) != null) {
            if (ch.isActive()) {
                return ch;
            }
        }
        return null;
    }

    ChannelFuture open() {
        ChannelFuture connecting = open.get();
        Channel ch = connecting.channel();
        ch.closeFuture().addListener(closed -> idle.remove(ch));
        return connecting;
    }

    /** After an answer: kept for the next call when the engine keeps it open and there is room, else closed. */
    void giveBack(Channel ch, boolean keepAlive) {
        if (keepAlive && ch.isActive() && idle.size() < MAX_IDLE) {
            idle.addFirst(ch);
        } else {
            ch.close();
        }
    }
}
