package dev.swarmgate.proxy.tcp;

import io.netty.channel.unix.FileDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Enlarges a kernel pipe ({@code fcntl(F_SETPIPE_SZ)}, called through the JDK's foreign function API since Netty does
 * not expose it). A 1 MiB pipe moves a spliced tunnel's bytes with about a quarter less CPU than the default 64 KiB
 * one (fewer splice calls and wake-ups per byte; docs/benchmarks.md). Best effort: where the kernel refuses
 * (over {@code /proc/sys/fs/pipe-max-size} or the user's pipe budget, {@code pipe-user-pages-soft}) or native access
 * is denied, the pipe keeps its size.
 */
final class PipeSize {

    private static final Logger LOG = LoggerFactory.getLogger(PipeSize.class);

    /** The size asked for: the default {@code pipe-max-size}, the most an unprivileged process may set. */
    static final int LARGE = 1024 * 1024;
    private static final int F_SETPIPE_SZ = 1031; // linux/fcntl.h: F_LINUX_SPECIFIC_BASE + 7
    private static final MethodHandle FCNTL = fcntl();

    private PipeSize() {
    }

    /** @return whether the pipe is {@link #LARGE} now */
    static boolean enlarge(FileDescriptor pipeEnd) {
        if (FCNTL == null) {
            return false;
        }
        try {
            return (int) FCNTL.invokeExact(pipeEnd.intValue(), F_SETPIPE_SZ, LARGE) >= LARGE;
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle fcntl() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("fcntl").map(address -> linker.downcallHandle(address,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            LOG.info("splice pipes keep the kernel's default size: {}", e.toString());
            return null;
        }
    }
}
