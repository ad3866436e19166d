package dev.swarmgate.upstream;

import io.netty.channel.ChannelFuture;

import java.net.InetSocketAddress;

/** Opens a backend connection (a Netty {@code Bootstrap::connect} bound to one event loop and its connect timeout). */
@FunctionalInterface
public interface Dialer {

    ChannelFuture dial(InetSocketAddress address);
}
