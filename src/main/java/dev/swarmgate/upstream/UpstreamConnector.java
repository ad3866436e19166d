package dev.swarmgate.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * Finds a backend connection for one client request (HTTP) or connection (TCP), the same way for both: pick an
 * endpoint among the healthy ones, count it as outstanding from the pick (so P2C and least-connections see connects
 * in flight), reuse a pooled connection or connect within the connect timeout, report the outcome to passive health,
 * and try another endpoint after a connect failure, when nothing was sent yet and any request may move. At most
 * {@link #MAX_ATTEMPTS} attempts are made per client, and never more than the target has endpoints.
 * <p>
 * One instance per client, used on the client's event loop only. The endpoint of a handed-over connection stays
 * counted until {@link #release()}.
 */
public final class UpstreamConnector {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamConnector.class);

    public static final int MAX_ATTEMPTS = 3;

    /** The side that wants the connection. */
    public interface Client {

        /** Whether the connection is no longer wanted (the client left, the exchange ended). */
        boolean gone();

        /** An idle pooled connection to the address, or null; clients that never share connections return null. */
        Channel pooled(InetSocketAddress address);

        /** A connection is ready; {@code fresh} when it was just opened (a PROXY header may go first). */
        void connected(Channel channel, Endpoint endpoint, boolean fresh);

        /** No connection can be had; {@code detail} says why, for the log. */
        void failed(ConnectFailure failure, String detail);
    }

    private final EndpointGroup group;
    private final EventExecutor executor;
    private final Dialer dialer;
    private final Client client;
    private Endpoint counted;
    private Channel connecting;
    private int attempts;
    /** Endpoints picked for this client (pooled or dialled); more than one means a retry. */
    private int picks;

    public UpstreamConnector(EndpointGroup group, EventExecutor executor, Dialer dialer, Client client) {
        this.group = group;
        this.executor = executor;
        this.dialer = dialer;
        this.client = client;
    }

    public EndpointGroup group() {
        return group;
    }

    /** How many times the client was sent to an endpoint again: after a failed connect, or a close without answer. */
    public int retries() {
        return Math.max(0, picks - 1);
    }

    /** Whether a request that was sent and not answered may be tried once more (the attempts are not used up). */
    public boolean mayRetry() {
        return attempts < MAX_ATTEMPTS;
    }

    /**
     * Picks an endpoint and gets a connection to it.
     *
     * @param clientHash the client's hash, used by the hashing algorithm only
     * @param preferred  the endpoint a sticky client is pinned to, or null
     * @param reuse      whether a pooled connection may serve
     */
    public void connect(long clientHash, Endpoint preferred, boolean reuse) {
        if (client.gone()) {
            return;
        }
        Endpoint picked = preferred != null ? group.pick(clientHash, preferred) : group.pick(clientHash);
        if (picked == null) {
            if (group.size() > 0) {
                // Resolved, but nothing is healthy: answer now rather than connect to a known-bad endpoint.
                group.warnConnectFailure(ConnectFailure.NO_HEALTHY_ENDPOINT, group::noHealthyEndpoint);
                client.failed(ConnectFailure.NO_HEALTHY_ENDPOINT, "no healthy endpoint of " + group.target()
                        + " is left to try");
                return;
            }
            // Nothing resolved yet (a fresh target): wait for the first resolution, then pick once more.
            group.whenResolved().whenComplete((addresses, failure) -> executor.execute(() -> {
                if (client.gone()) {
                    return;
                }
                if (failure != null || group.size() == 0) {
                    client.failed(ConnectFailure.UNRESOLVED, group.target().host() + " does not resolve"
                            + (failure == null ? " to any address" : " (" + failure.getMessage() + ")"));
                } else {
                    connect(clientHash, preferred, reuse);
                }
            }));
            return;
        }
        release();
        counted = picked;
        picks++;
        picked.started();
        if (reuse) {
            Channel pooled = client.pooled(picked.address());
            if (pooled != null) {
                client.connected(pooled, picked, false);
                return;
            }
        }
        attempts++;
        ChannelFuture future = dialer.dial(picked.address());
        connecting = future.channel();
        future.addListener(done -> {
            connecting = null;
            if (client.gone()) {
                future.channel().close();
                return;
            }
            if (done.isSuccess()) {
                group.reportSuccess(picked);
                client.connected(future.channel(), picked, true);
                return;
            }
            if (done.cause() instanceof TransparentSourceException) {
                // The proxy cannot take the client's address for any endpoint: say so, without blaming this one.
                String why = ConnectFailure.explain(done.cause(), picked.address(), group.target().host());
                group.warnConnectFailure(ConnectFailure.TRANSPARENT_SOURCE, () -> why);
                client.failed(ConnectFailure.TRANSPARENT_SOURCE, why);
                return;
            }
            // Nothing was sent: any request may move to another endpoint, and this one is avoided for a while.
            group.reportConnectFailure(picked);
            LOG.debug("connect to {} for {} failed (attempt {}): {}", picked, group.target(), attempts,
                    done.cause().toString());
            if (attempts < Math.min(MAX_ATTEMPTS, Math.max(1, group.size()))) {
                connect(clientHash, preferred, reuse);
            } else {
                ConnectFailure failure = ConnectFailure.of(done.cause());
                String why = ConnectFailure.explain(done.cause(), picked.address(), group.target().host());
                group.warnConnectFailure(failure, () -> why);
                client.failed(failure, why + " (" + attempts + " attempt(s))");
            }
        });
    }

    /** Ends the outstanding count of the endpoint last picked; once per pick. */
    public void release() {
        Endpoint done = counted;
        counted = null;
        if (done != null) {
            done.finished();
        }
    }

    /**
     * Hands the count of the endpoint last picked to the caller, who ends it ({@link Endpoint#finished()}) when the
     * connection is done with (a TCP tunnel outlives this connector's use).
     */
    public Endpoint takeCounted() {
        Endpoint taken = counted;
        counted = null;
        return taken;
    }

    /** The client went away: the count ends and a connect in flight is abandoned. */
    public void abandon() {
        release();
        Channel pending = connecting;
        connecting = null;
        if (pending != null) {
            pending.close();
        }
    }
}
