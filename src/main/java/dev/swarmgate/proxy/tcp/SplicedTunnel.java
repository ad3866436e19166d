package dev.swarmgate.proxy.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NotYetConnectedException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A tunnel whose bytes the kernel moves: each direction goes socket → pipe → socket with splice(2), so no byte is
 * copied into the JVM. Both sockets leave Netty's pipelines (deregistered from their event loop, still open) and this
 * tunnel watches them on the same loop, edge-triggered, with the interest set never changed. What it moves is
 * counted through the same callbacks as the buffer relay's reads, and it tells the {@link TcpIdleTimeout} every time
 * bytes move.
 *
 * <p>Rules that keep it simple and correct: a direction reads from its source only into an empty pipe, so a
 * splice that moves nothing means "no data now" or, once the peer's FIN was seen (EPOLLRDHUP), the end of input.
 * The end is forwarded (shutdown of the destination's output) only after the pipe has drained into the destination,
 * and once both ends are forwarded the tunnel closes, as {@link ByteRelay} does. The pipe is the back-pressure: a
 * direction whose destination is full waits for that socket's EPOLLOUT edge and reads nothing meanwhile. A direction
 * stops after {@link #ROUNDS_PER_TURN} pipe loads and continues in a task, so one busy tunnel cannot starve the loop.
 * A direction holds a pipe from its loop's {@link SplicePipes} only while bytes move or wait in it; when the loop has
 * none to give, it copies that turn through a buffer, with the same rules. Any error (reset, broken pipe) closes both
 * sides; closing either channel from outside (idle timeout, shutdown) closes the tunnel.
 */
final class SplicedTunnel {

    private static final Logger LOG = LoggerFactory.getLogger(SplicedTunnel.class);

    /** linux/eventpoll.h: not among Netty's {@link EpollIoOps}; reported with EPOLLERR on a reset. */
    private static final int EPOLLHUP = 0x10;
    private static final int FIN_SEEN = EpollIoOps.EPOLLRDHUP.value() | EPOLLHUP;
    private static final EpollIoOps WATCHED = EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLOUT)
            .with(EpollIoOps.EPOLLRDHUP).with(EpollIoOps.EPOLLET);
    /** Asked of each splice from a socket; the pipe's capacity (64 KiB by default) bounds what moves. */
    private static final int SPLICE_LENGTH = 1 << 20;
    /** Read size when no pipe is free and a direction copies through a buffer. */
    private static final int COPY_BUFFER = 64 * 1024;
    /** Pipe loads one direction moves before it lets the event loop serve others (Netty reads 16 buffers). */
    static final int ROUNDS_PER_TURN = 16;

    private final EpollSocketChannel client;
    private final EpollSocketChannel backend;
    private final IoEventLoop loop;
    private final TcpIdleTimeout idle;
    private final Direction upstream;
    private final Direction downstream;
    private final Watch clientWatch;
    private final Watch backendWatch;
    private boolean closed;

    private SplicedTunnel(EpollSocketChannel client, EpollSocketChannel backend, TcpIdleTimeout idle,
                          LongConsumer fromClient, LongConsumer toClient) {
        this.client = client;
        this.backend = backend;
        this.loop = (IoEventLoop) client.eventLoop();
        this.idle = idle;
        SplicePipes pipes = SplicePipes.ofThisLoop();
        this.upstream = new Direction(client, backend, fromClient, pipes);
        this.downstream = new Direction(backend, client, toClient, pipes);
        this.clientWatch = new Watch(client, upstream, downstream);
        this.backendWatch = new Watch(backend, downstream, upstream);
    }

    /**
     * Whether two joined channels can be spliced: both epoll sockets on one loop that takes other epoll handles.
     * The caller checks that no handler needs to see the bytes (TLS, a decoder).
     */
    static boolean possible(Channel client, Channel backend) {
        return client instanceof EpollSocketChannel && backend instanceof EpollSocketChannel
                && client.eventLoop() == backend.eventLoop()
                && client.eventLoop() instanceof IoEventLoop loop && loop.isCompatible(Watch.class);
    }

    /**
     * Takes both channels out of Netty's hands and starts moving bytes; call on their event loop once everything the
     * backend was sent through Netty (PROXY header, bytes read before the join) is flushed. The bytes in
     * the hand-over (read by Netty in the meantime) are sent to the backend first.
     *
     * @param handOver asked, once both channels are deregistered, for what Netty read that the backend was not sent
     */
    static void start(EpollSocketChannel client, EpollSocketChannel backend, TcpIdleTimeout idle,
                      LongConsumer fromClient, LongConsumer toClient, HandOver handOver) {
        client.deregister().addListener(c -> backend.deregister().addListener(b -> {
            SplicedTunnel tunnel = new SplicedTunnel(client, backend, idle, fromClient, toClient);
            tunnel.upstream.head.addAll(handOver.takeUnsent());
            tunnel.upstream.finSeen = handOver.clientEnded();
            tunnel.watch();
        }));
    }

    /** What the frontend hands over once Netty let go of both channels (asked once, on the event loop). */
    interface HandOver {
        /** Bytes read from the client and not sent yet, in order, counted already; the tunnel releases them. */
        List<ByteBuf> takeUnsent();

        /** Whether the client's FIN arrived already. */
        boolean clientEnded();
    }

    private void watch() {
        client.closeFuture().addListener(f -> close());
        backend.closeFuture().addListener(f -> close());
        if (!client.isOpen() || !backend.isOpen()) {
            close();
            return;
        }
        clientWatch.register();
        backendWatch.register();
    }

    private void move(Direction direction) {
        if (closed) {
            return;
        }
        try {
            if (direction.pump()) {
                direction.continueLater();
            }
        } catch (IOException | NotYetConnectedException e) {
            // A reset or broken pipe; NotYetConnected: the FIN's shutdown found the destination already gone.
            LOG.debug("tcp tunnel {} failed: {}", client.remoteAddress(), e.toString());
            close();
            return;
        }
        if (upstream.finForwarded && downstream.finForwarded) {
            close();
        }
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        idle.tunnelClosed();
        clientWatch.cancel();
        backendWatch.cancel();
        upstream.release();
        downstream.release();
        client.close();
        backend.close();
    }

    /** One direction: its source socket, a pipe while bytes are on their way, its destination socket. */
    private final class Direction {
        private final Socket from;
        private final Socket to;
        private final LongConsumer moved;
        private final SplicePipes pipes;
        /** Bytes to send before anything else: read by Netty before the hand-over, or copied when no pipe was free. */
        final ArrayDeque<ByteBuf> head = new ArrayDeque<>(1);
        private SplicePipes.Pipe pipe;
        private int inPipe;
        boolean finSeen;
        private boolean ended;
        boolean finForwarded;
        private boolean continuing;

        Direction(EpollSocketChannel from, EpollSocketChannel to, LongConsumer moved, SplicePipes pipes) {
            this.from = (Socket) from.fd();
            this.to = (Socket) to.fd();
            this.moved = moved;
            this.pipes = pipes;
        }

        /** Whether bytes wait for the destination to take them (its EPOLLOUT edge resumes this direction). */
        boolean waitsForOutput() {
            return inPipe > 0 || !head.isEmpty();
        }

        /**
         * Moves what can move now; every wait ends on a splice, send or read that moved nothing, so an edge will
         * come.
         *
         * @return true if it stopped with more to move (the turn's rounds are used up)
         */
        boolean pump() throws IOException {
            for (int round = 0; round < ROUNDS_PER_TURN; round++) {
                if (!sendHead() || !drainPipe()) {
                    return false; // the destination is full
                }
                if (ended) {
                    if (!finForwarded) {
                        finForwarded = true;
                        to.shutdown(false, true);
                    }
                    return false;
                }
                if (pipe == null) {
                    pipe = pipes.take();
                }
                int in = pipe != null ? Native.splice(from.intValue(), -1, pipe.writeEnd().intValue(), -1,
                        SPLICE_LENGTH) : copyIntoHead();
                if (in > 0) {
                    inPipe += pipe != null ? in : 0;
                    moved.accept(in);
                    idle.activity();
                    continue;
                }
                givePipeBack(); // empty, and nothing to read: another direction may use it meanwhile
                if (in == 0 && !finSeen) {
                    return false; // nothing to read now
                }
                // A splice into an empty pipe that moves nothing after the FIN, or a read at EOF: the input ended.
                ended = true;
            }
            return true;
        }

        private boolean drainPipe() throws IOException {
            while (inPipe > 0) {
                int out = Native.splice(pipe.readEnd().intValue(), -1, to.intValue(), -1, inPipe);
                if (out == 0) {
                    return false;
                }
                inPipe -= out;
            }
            return true;
        }

        /** Without a pipe: one read into a buffer queued at the head; its size, 0 when none, -1 at the end. */
        private int copyIntoHead() throws IOException {
            ByteBuf buf = client.alloc().directBuffer(COPY_BUFFER);
            try {
                ByteBuffer space = buf.internalNioBuffer(0, buf.capacity());
                int read = from.recv(space, space.position(), space.limit());
                if (read > 0) {
                    buf.writerIndex(read);
                    head.add(buf);
                    buf = null;
                }
                return read;
            } finally {
                if (buf != null) {
                    buf.release();
                }
            }
        }

        private boolean sendHead() throws IOException {
            for (ByteBuf buf; (buf = head.peek()) != null; ) {
                while (buf.isReadable()) {
                    ByteBuffer bytes = buf.nioBuffer();
                    int sent = to.send(bytes, bytes.position(), bytes.limit());
                    if (sent == 0) {
                        return false;
                    }
                    buf.skipBytes(sent);
                }
                head.poll().release();
            }
            return true;
        }

        private void givePipeBack() {
            if (pipe != null) {
                pipes.giveBack(pipe, inPipe == 0);
                pipe = null;
                inPipe = 0;
            }
        }

        /** The task that resumes this direction after it yielded the loop: made once, not per yield. */
        private final Runnable resume = () -> {
            continuing = false;
            move(this);
        };

        void continueLater() {
            if (!continuing) {
                continuing = true;
                loop.execute(resume);
            }
        }

        void release() {
            head.forEach(ByteBuf::release);
            head.clear();
            givePipeBack();
        }
    }

    /** The epoll registration of one socket: its readiness drives the direction from it and the one into it. */
    private final class Watch implements EpollIoHandle {
        private final EpollSocketChannel channel;
        private final Direction reading;
        private final Direction writing;
        private IoRegistration registration;

        Watch(EpollSocketChannel channel, Direction reading, Direction writing) {
            this.channel = channel;
            this.reading = reading;
            this.writing = writing;
        }

        void register() {
            loop.register(this).addListener(f -> {
                if (!f.isSuccess()) {
                    LOG.warn("tcp tunnel {}: cannot watch a socket for splice: {}", client.remoteAddress(),
                            f.cause().toString());
                    SplicedTunnel.this.close();
                    return;
                }
                registration = (IoRegistration) f.getNow();
                if (closed) {
                    registration.cancel();
                    return;
                }
                registration.submit(WATCHED);
                // Bytes (or a FIN) may have arrived before the watch: an edge came before it was there to see.
                move(reading);
            });
        }

        @Override
        public FileDescriptor fd() {
            return channel.fd();
        }

        @Override
        public void handle(IoRegistration registration, IoEvent event) {
            int ops = ((EpollIoEvent) event).ops().value();
            if ((ops & EpollIoOps.EPOLLERR.value()) != 0) {
                LOG.debug("tcp tunnel {}: socket error, closing", client.remoteAddress());
                SplicedTunnel.this.close();
                return;
            }
            if ((ops & FIN_SEEN) != 0) {
                reading.finSeen = true;
            }
            if ((ops & (EpollIoOps.EPOLLIN.value() | FIN_SEEN)) != 0) {
                move(reading);
            }
            if ((ops & EpollIoOps.EPOLLOUT.value()) != 0 && writing.waitsForOutput()) {
                move(writing);
            }
        }

        void cancel() {
            if (registration != null) {
                registration.cancel();
            }
        }

        /** The event loop shuts down. */
        @Override
        public void close() {
            SplicedTunnel.this.close();
        }
    }
}
