package dev.swarmgate.proxy.tcp;

import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.FastThreadLocal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;

/**
 * The kernel pipes of one event loop's {@link SplicedTunnel}s. A tunnel direction holds a pipe only while it moves
 * bytes or while bytes wait in it for a full destination, and gives it back once it is empty, so an idle tunnel
 * costs no descriptor beyond its two sockets (the connection cap counts two a connection). At most
 * {@link #MAX_OPEN} pipes are open per loop; a direction that finds none copies through a buffer instead.
 * Used from its loop's thread only; the idle pipes are closed when the thread ends.
 */
final class SplicePipes {

    private static final Logger LOG = LoggerFactory.getLogger(SplicePipes.class);

    /** Pipes open at once per loop, idle ones included: 64 descriptors, well inside the connection cap's reserve. */
    static final int MAX_OPEN = 32;
    /**
     * Pipes per loop made {@link PipeSize#LARGE} (8 MiB of kernel buffers at most, whatever the load): enough for the
     * busy tunnels of a loop, and the user's pipe budget ({@code pipe-user-pages-soft}, 64 MiB, shared by every
     * process of the same user) stays mostly for others. The rest keep the default 64 KiB.
     */
    static final int MAX_LARGE = 8;
    /** Empty pipes kept for the next tunnel rather than closed. */
    private static final int MAX_IDLE = 4;

    private static final FastThreadLocal<SplicePipes> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected SplicePipes initialValue() {
            return new SplicePipes();
        }

        @Override
        protected void onRemoval(SplicePipes pipes) {
            pipes.idle.forEach(SplicePipes::closeQuietly);
            pipes.idle.clear();
        }
    };

    /** One pipe: bytes spliced into {@code writeEnd} come out of {@code readEnd}. */
    record Pipe(FileDescriptor readEnd, FileDescriptor writeEnd, boolean large) {
    }

    private final ArrayDeque<Pipe> idle = new ArrayDeque<>(MAX_IDLE);
    private int open;
    private int large;

    private SplicePipes() {
    }

    /** The calling event loop's pipes. */
    static SplicePipes ofThisLoop() {
        return PER_LOOP.get();
    }

    /** An empty pipe, or null when {@link #MAX_OPEN} are open or the process has no descriptor left for one. */
    Pipe take() {
        Pipe pipe = idle.poll(); // the most recently used first: the large ones stay busy
        if (pipe != null || open >= MAX_OPEN) {
            return pipe;
        }
        try {
            FileDescriptor[] ends = FileDescriptor.pipe();
            open++;
            boolean enlarged = large < MAX_LARGE && PipeSize.enlarge(ends[1]);
            if (enlarged) {
                large++;
            }
            return new Pipe(ends[0], ends[1], enlarged);
        } catch (IOException e) {
            LOG.debug("no pipe for a spliced tunnel ({}): copying through a buffer", e.toString());
            return null;
        }
    }

    /** Back from a direction: kept if it is empty and few are idle, else closed (with whatever it still holds). */
    void giveBack(Pipe pipe, boolean empty) {
        if (empty && idle.size() < MAX_IDLE) {
            idle.push(pipe);
            return;
        }
        open--;
        if (pipe.large()) {
            large--;
        }
        closeQuietly(pipe);
    }

    private static void closeQuietly(Pipe pipe) {
        closeQuietly(pipe.readEnd());
        closeQuietly(pipe.writeEnd());
    }

    private static void closeQuietly(FileDescriptor end) {
        try {
            end.close();
        } catch (IOException e) {
            LOG.debug("closing a splice pipe: {}", e.toString());
        }
    }
}
