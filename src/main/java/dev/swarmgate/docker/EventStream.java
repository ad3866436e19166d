package dev.swarmgate.docker;

import io.netty.channel.Channel;

import java.util.concurrent.CompletableFuture;

/**
 * A subscription to the Engine's {@code /events}: {@link #opened()} completes when the engine accepted it (events
 * that happen from then on are delivered), {@link #ended()} when the stream stops for any reason: normally when it
 * was {@link #close() closed}, exceptionally when the engine went away or refused. A stream is never resumed:
 * subscribe again and re-read the state, because events in the gap are lost.
 */
public final class EventStream implements AutoCloseable {

    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile Channel channel;
    private volatile boolean closed;

    EventStream() {
        // An end before the engine accepted the subscription is a failure to open as well.
        ended.whenComplete((done, failure) -> {
            if (failure != null) {
                opened.completeExceptionally(failure);
            } else {
                opened.complete(null);
            }
        });
    }

    public CompletableFuture<Void> opened() {
        return opened;
    }

    public CompletableFuture<Void> ended() {
        return ended;
    }

    void attach(Channel ch) {
        channel = ch;
        if (closed) {
            ch.close();
        }
    }

    void markOpened() {
        opened.complete(null);
    }

    void end(Throwable failure) {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
        if (failure == null || closed) {
            ended.complete(null);
        } else {
            ended.completeExceptionally(failure);
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Stops the subscription; {@link #ended()} completes normally. */
    @Override
    public void close() {
        closed = true;
        end(null);
    }
}
