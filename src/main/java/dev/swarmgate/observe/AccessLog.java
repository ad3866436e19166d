package dev.swarmgate.observe;

import dev.swarmgate.config.AccessLogSettings;
import io.netty.util.internal.PlatformDependent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The access log: event loops {@link #offer} records to a bounded lock-free queue, and one writer thread formats them
 * and writes whole lines to stdout. A slow or blocked stdout only blocks that thread; when the queue is full a record
 * is dropped and counted, and the loop goes on.
 */
public final class AccessLog implements AutoCloseable {

    /** A log that takes nothing (ACCESS_LOG off). */
    public static final AccessLog OFF = new AccessLog();

    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    /** Written out when this much text is waiting, and whenever the queue runs empty. */
    private static final int BATCH_CHARS = 32 * 1024;
    /** How long the writer lets records gather while traffic flows (lines reach stdout this late at most). */
    private static final long BATCH_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long IDLE_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final boolean enabled;
    private final boolean errorsOnly;
    private final Queue<AccessRecord> queue;
    private final AccessLineFormat format;
    private final OutputStream out;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final Thread writer;
    // The writer thread's own; a lone surrogate (never from Netty's Latin-1 headers) becomes '?'.
    private final CharsetEncoder encoder;
    private final ByteBuffer bytes;
    /** The writer's copy of a batch's text (grows past {@link #BATCH_CHARS} only for a batch's last, long line). */
    private char[] chars = new char[0];
    /** True while the writer sleeps after a quiet spell: only then does a record wake it. */
    private volatile boolean writerIdle;
    private volatile boolean closed;

    private AccessLog() {
        this.enabled = false;
        this.errorsOnly = false;
        this.queue = null;
        this.format = null;
        this.out = null;
        this.writer = null;
        this.encoder = null;
        this.bytes = null;
    }

    private AccessLog(AccessLogSettings settings, OutputStream out) {
        this.enabled = true;
        this.errorsOnly = settings.errorsOnly();
        this.queue = PlatformDependent.newFixedMpscQueue(settings.queue());
        this.format = settings.format() == AccessLogSettings.Format.JSON ? AccessLineFormat.json()
                : AccessLineFormat.common();
        this.out = out;
        this.encoder = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        this.bytes = ByteBuffer.allocate(BATCH_CHARS * 2);
        this.writer = Thread.ofPlatform().daemon().name("access-log").start(this::write);
    }

    /** The log {@code settings} ask for, on stdout. */
    public static AccessLog of(AccessLogSettings settings) {
        // Not System.out: its lock and its autoflush per line are not wanted; lines are written whole, in batches.
        return of(settings, new FileOutputStream(FileDescriptor.out));
    }

    /** The log {@code settings} ask for, written to {@code out} (tests: a file, a pipe nobody reads). */
    public static AccessLog of(AccessLogSettings settings, OutputStream out) {
        return settings.enabled() ? new AccessLog(settings, out) : OFF;
    }

    /** Whether a request or session is logged (an errors-only log keeps errors): ask before making its record. */
    public boolean wants(boolean error) {
        return enabled && (!errorsOnly || error);
    }

    /** Queues a record; never blocks. A full queue drops it (counted in {@link #dropped()}). */
    public void offer(AccessRecord record) {
        if (!queue.offer(record)) {
            dropped.increment();
            return;
        }
        if (writerIdle) {
            LockSupport.unpark(writer);
        }
    }

    /** Records dropped because the queue was full (stdout slower than the traffic). */
    public long dropped() {
        return dropped.sum();
    }

    /** Lines written to the output. */
    public long written() {
        return written.sum();
    }

    /**
     * The writer's loop. Records are taken in batches: when the queue runs empty the writer sleeps
     * {@link #BATCH_PAUSE_NANOS} without being woken, so a busy proxy pays no wake-up (a futex call on the event loop
     * and a context switch) per request, and one write carries a batch of lines. After {@link #IDLE_AFTER_NANOS}
     * without records it sleeps longer and asks to be woken by the next record.
     */
    private void write() {
        StringBuilder text = new StringBuilder(BATCH_CHARS + 1024);
        int lines = 0;
        long lastRecord = System.nanoTime();
        while (!closed || !queue.isEmpty()) {
            AccessRecord record = queue.poll();
            if (record != null) {
                format.append(record, text);
                lines++;
                if (text.length() < BATCH_CHARS) {
                    continue;
                }
            }
            if (lines > 0) {
                flush(text, lines);
                lines = 0;
            }
            if (record != null) {
                continue;
            }
            long now = System.nanoTime();
            if (now - lastRecord < IDLE_AFTER_NANOS) {
                LockSupport.parkNanos(this, BATCH_PAUSE_NANOS);
                if (!queue.isEmpty()) {
                    lastRecord = System.nanoTime();
                }
                continue;
            }
            writerIdle = true;
            // Checked after the flag is up: a record offered before it was seen, one offered after wakes us. The
            // sleep is bounded all the same, so a wake-up lost to a race delays a line by a second at most.
            if (queue.isEmpty() && !closed) {
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            }
            writerIdle = false;
            lastRecord = System.nanoTime();
        }
        if (lines > 0) {
            flush(text, lines);
        }
    }

    private void flush(StringBuilder text, int lines) {
        try {
            // Encoded into one reused buffer: no String and no byte[] per batch (the proxy's heap is small). The text
            // is copied into a reused array first: the encoder's loop over an array-backed buffer encodes ASCII in
            // bulk, while over a wrapped StringBuilder it goes a char at a time through the CharSequence.
            if (chars.length < text.length()) {
                chars = new char[text.length()];
            }
            text.getChars(0, text.length(), chars, 0);
            CharBuffer pending = CharBuffer.wrap(chars, 0, text.length());
            encoder.reset();
            bytes.clear();
            while (encoder.encode(pending, bytes, true).isOverflow()) {
                out.write(bytes.array(), 0, bytes.position());
                bytes.clear();
            }
            while (encoder.flush(bytes).isOverflow()) {
                out.write(bytes.array(), 0, bytes.position());
                bytes.clear();
            }
            out.write(bytes.array(), 0, bytes.position());
            out.flush();
            written.add(lines);
        } catch (IOException e) {
            dropped.add(lines);
            LOG.warn("Access log lines could not be written: {}", e.toString());
        }
        text.setLength(0);
    }

    /** Writes what is queued, then stops the writer (waits at most a second for it). */
    @Override
    public void close() {
        if (!enabled || closed) {
            return;
        }
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
