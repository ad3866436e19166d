package dev.swarmgate.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Opens backend connections whose source is a client's address ({@code transparent}): the socket gets
 * {@code IP_TRANSPARENT} (which also lets it bind an address that is not this host's) and binds the client's IP,
 * and with {@code transparentPort} its port, before it connects. One per event loop, over that loop's bootstrap.
 * <p>
 * The option is set on the registered channel rather than through {@link Bootstrap#option}, which only logs a
 * failure: a connection that silently kept the proxy's own address would hide the client from a backend that
 * relies on seeing it. Such a failure ends the connect with a {@link TransparentSourceException} that names the fix.
 */
public final class TransparentDialer {

    /** The capabilities and flags a transparent backend connection needs; quoted by every message about them. */
    public static final String CAPABILITY_FIX = "the proxy needs CAP_NET_ADMIN (docker service create --cap-add"
            + " NET_ADMIN, or cap_add: [NET_ADMIN] in a stack file), and replies must reach it: see docs/transparent.md";

    private final Bootstrap bootstrap;

    /** @param bootstrap the loop's bootstrap for backend connections (group, channel class, handler, options) */
    public TransparentDialer(Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    /**
     * A dialer whose connections come from {@code client}'s address.
     *
     * @param withPort the client's port too ({@code transparentPort}); else the kernel picks one
     */
    public Dialer from(InetSocketAddress client, boolean withPort) {
        InetSocketAddress source = withPort ? client : new InetSocketAddress(client.getAddress(), 0);
        return remote -> dial(remote, source);
    }

    private ChannelFuture dial(InetSocketAddress remote, InetSocketAddress source) {
        ChannelFuture registered = bootstrap.register();
        Channel channel = registered.channel();
        ChannelPromise result = channel.newPromise();
        if (source.getAddress() instanceof Inet4Address != remote.getAddress() instanceof Inet4Address) {
            channel.close();
            return result.setFailure(new TransparentSourceException("transparent: client address "
                    + source.getAddress().getHostAddress() + " and backend " + remote.getAddress().getHostAddress()
                    + " are of different IP families, so no connection can join them; give the backend an address"
                    + " of the client's family or set transparent=false", null));
        }
        registered.addListener(done -> {
            if (!done.isSuccess()) {
                result.setFailure(done.cause());
                return;
            }
            String why = transparent(channel);
            if (why != null) {
                channel.close();
                result.setFailure(new TransparentSourceException("transparent: cannot bind the client's address "
                        + source.getAddress().getHostAddress() + " to a backend connection: " + why, null));
                return;
            }
            channel.connect(remote, source).addListener(connected -> {
                if (connected.isSuccess()) {
                    result.setSuccess();
                } else if (isBindFailure(connected.cause())) {
                    channel.close();
                    result.setFailure(new TransparentSourceException("transparent: binding the client's address "
                            + source.getAddress().getHostAddress() + (source.getPort() == 0 ? ""
                            : " and port " + source.getPort()) + " failed (" + connected.cause().getMessage() + ")"
                            + (source.getPort() == 0 ? "; " + CAPABILITY_FIX
                            : "; another connection holds that address and port, set transparentPort=false"),
                            connected.cause()));
                } else {
                    result.setFailure(connected.cause());
                }
            });
        });
        return result;
    }

    /**
     * Why this process cannot open transparent connections (no epoll, no capability, a security policy), found by
     * setting {@code IP_TRANSPARENT} on a socket that is never connected; empty when it can. For start-up checks.
     */
    public static Optional<String> unavailable() {
        if (!Epoll.isAvailable()) {
            return Optional.of("native epoll is not available (" + Epoll.unavailabilityCause() + "), and only it can"
                    + " set IP_TRANSPARENT");
        }
        EpollSocketChannel probe = new EpollSocketChannel();
        try {
            return Optional.ofNullable(transparent(probe));
        } finally {
            probe.unsafe().closeForcibly(); // never registered: closed here, without an event loop
        }
    }

    /** Null when the channel now has {@code IP_TRANSPARENT}; else why not. */
    private static String transparent(Channel channel) {
        try {
            if (!channel.config().setOption(EpollChannelOption.IP_TRANSPARENT, true)) {
                return "the " + channel.getClass().getSimpleName() + " transport has no IP_TRANSPARENT; it needs"
                        + " native epoll (Linux)";
            }
            return null;
        } catch (ChannelException e) {
            return "setting IP_TRANSPARENT failed (" + (e.getCause() != null ? e.getCause().getMessage()
                    : e.getMessage()) + "); " + CAPABILITY_FIX;
        }
    }

    /** Whether a failed connect failed at binding its source (before any packet left). */
    private static boolean isBindFailure(Throwable cause) {
        String message = String.valueOf(cause.getMessage());
        return cause instanceof java.net.BindException || message.contains("bind(")
                || message.contains("Cannot assign requested address") || message.contains("Address already in use")
                || message.contains("Operation not permitted");
    }
}
