package dev.swarmgate.upstream;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;

import java.util.Optional;

/** The Netty transport in use: native epoll on Linux, NIO elsewhere, or io_uring when asked for and available. */
public record Transport(String name, IoHandlerFactory ioHandlerFactory,
                        Class<? extends ServerChannel> serverChannelClass,
                        Class<? extends SocketChannel> socketChannelClass) {

    /**
     * Whether this is native epoll: the transport of splice, IP_TRANSPARENT and sockets adopted from a descriptor.
     */
    public boolean epoll() {
        return serverChannelClass == EpollServerSocketChannel.class;
    }

    /** Whether this is io_uring ({@code IO_TRANSPORT=io_uring}). */
    public boolean ioUring() {
        return serverChannelClass == IoUringServerSocketChannel.class;
    }

    /** Whether listening sockets take {@code SO_REUSEPORT}: the native transports, epoll and io_uring. */
    public boolean reusePort() {
        return epoll() || ioUring();
    }

    /** Epoll when the native library loads, else NIO. */
    public static Transport best() {
        if (Epoll.isAvailable()) {
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                    EpollSocketChannel.class);
        }
        return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class,
                NioSocketChannel.class);
    }

    /** io_uring when the native library loads and the kernel (and the sandbox: seccomp) lets it set up a ring. */
    public static Optional<Transport> ioUringIfAvailable() {
        if (!IoUring.isAvailable()) {
            return Optional.empty();
        }
        return Optional.of(new Transport("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
                IoUringSocketChannel.class));
    }

    /** Why {@link #ioUringIfAvailable} is empty, in a few words. */
    public static String ioUringUnavailableBecause() {
        Throwable cause = IoUring.unavailabilityCause();
        if (cause == null) {
            return "available";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
