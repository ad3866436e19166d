package dev.swarmgate.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.concurrent.EventExecutor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The listening sockets of one port. With a native transport (epoll, io_uring) and more than one event loop there is
 * one socket per loop, bound with {@code SO_REUSEPORT} and registered on that loop, whose connections it accepts: a
 * connection is served by the thread that accepted it, with no acceptor thread and no hand-over between threads (a
 * task and a wake-up per connection), and the kernel spreads new connections over the sockets. Otherwise one socket
 * accepts for every loop.
 *
 * <p>{@code SO_REUSEPORT} would let a second proxy bind a port this one holds (same user) and silently share its
 * connections, so the port is first checked with a plain bind: a port in use stays a start-up error.
 */
final class AcceptSockets {

    private AcceptSockets() {
    }

    /**
     * Binds {@code address} with copies of {@code template} (which has no group yet); completes with the bound
     * channels, or fails with the bind error after closing those already bound.
     */
    static CompletableFuture<List<Channel>> bind(ServerBootstrap template, EventLoopGroup loops, boolean reusePort,
                                                 InetSocketAddress address) {
        List<EventLoop> each = new ArrayList<>();
        for (EventExecutor loop : loops) {
            each.add((EventLoop) loop);
        }
        if (!reusePort || each.size() == 1) {
            return bindOne(template.clone().group(loops, loops), address).thenApply(List::of);
        }
        try {
            checkFree(address);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return bindOne(perLoop(template, each.getFirst()), address).thenCompose(first -> {
            // port 0 (tests) picks a port with the first socket; the others join it
            InetSocketAddress bound = new InetSocketAddress(address.getAddress(),
                    ((InetSocketAddress) first.localAddress()).getPort());
            List<CompletableFuture<Channel>> rest = each.stream().skip(1)
                    .map(loop -> bindOne(perLoop(template, loop), bound)).toList();
            return CompletableFuture.allOf(rest.toArray(CompletableFuture[]::new)).handle((ignored, failure) -> {
                List<Channel> channels = new ArrayList<>(List.of(first));
                rest.stream().filter(f -> !f.isCompletedExceptionally()).map(CompletableFuture::join)
                        .forEach(channels::add);
                if (failure != null) {
                    channels.forEach(Channel::close);
                    throw new CompletionException(failure instanceof CompletionException c ? c.getCause() : failure);
                }
                return List.copyOf(channels);
            });
        });
    }

    /**
     * Serves already listening sockets handed over by another process ({@link TakeOver}) with copies of
     * {@code template}, spread over the loops as {@link #bind} would: no bind, so the port stays open throughout. Epoll
     * loops only: Netty's io_uring transport cannot adopt a descriptor (the runtime refuses TAKE_OVER with it).
     */
    static CompletableFuture<List<Channel>> adopt(ServerBootstrap template, EventLoopGroup loops,
                                                  List<Integer> descriptors) {
        List<EventLoop> each = new ArrayList<>();
        for (EventExecutor loop : loops) {
            each.add((EventLoop) loop);
        }
        List<CompletableFuture<Channel>> registered = new ArrayList<>();
        for (int i = 0; i < descriptors.size(); i++) {
            int fd = descriptors.get(i);
            EventLoop loop = each.get(i % each.size());
            ChannelFactory<ServerChannel> fromDescriptor = () -> new EpollServerSocketChannel(fd);
            ChannelFuture future = template.clone().group(loop, loop).channelFactory(fromDescriptor).register();
            CompletableFuture<Channel> done = new CompletableFuture<>();
            future.addListener(f -> {
                if (f.isSuccess()) {
                    done.complete(future.channel());
                } else {
                    done.completeExceptionally(f.cause());
                }
            });
            registered.add(done);
        }
        return CompletableFuture.allOf(registered.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> registered.stream().map(CompletableFuture::join).toList());
    }

    private static ServerBootstrap perLoop(ServerBootstrap template, EventLoop loop) {
        return template.clone().group(loop, loop).option(UnixChannelOption.SO_REUSEPORT, true);
    }

    private static CompletableFuture<Channel> bindOne(ServerBootstrap bootstrap, InetSocketAddress address) {
        CompletableFuture<Channel> bound = new CompletableFuture<>();
        ChannelFuture future = bootstrap.bind(address);
        future.addListener(f -> {
            if (f.isSuccess()) {
                bound.complete(future.channel());
            } else {
                bound.completeExceptionally(f.cause());
            }
        });
        return bound;
    }

    /** Fails with "Address already in use" when any socket listens on the port, ours with SO_REUSEPORT included. */
    private static void checkFree(InetSocketAddress address) throws IOException {
        if (address.getPort() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // connections of an earlier run in TIME_WAIT do not make the port busy
            probe.bind(address, 1);
        }
    }
}
