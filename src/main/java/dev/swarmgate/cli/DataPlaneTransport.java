package dev.swarmgate.cli;

import dev.swarmgate.config.dfp.IoTransportSetting;
import dev.swarmgate.upstream.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Which transport serves {@code swarmgate proxy}'s connections ({@code IO_TRANSPORT}): epoll unless io_uring is asked
 * for and available. Asked for but unavailable (an old kernel, or a container whose seccomp profile refuses io_uring,
 * as Docker's default does), the proxy still starts, on epoll, and says why with a WARN.
 */
final class DataPlaneTransport {

    private static final Logger LOG = LoggerFactory.getLogger(DataPlaneTransport.class);

    private DataPlaneTransport() {
    }

    /** @throws IllegalArgumentException naming the variable when its value is neither transport */
    static Transport choose(Map<String, String> env) {
        if (IoTransportSetting.read(env) != IoTransportSetting.IO_URING) {
            return Transport.best();
        }
        return Transport.ioUringIfAvailable().orElseGet(() -> {
            Transport fallback = Transport.best();
            LOG.warn("IO_TRANSPORT=io_uring, but io_uring cannot be used here ({}); serving on {} instead. It needs"
                    + " Linux 5.14 or later, and in a container a seccomp profile that allows io_uring (Docker's"
                    + " default refuses it)", Transport.ioUringUnavailableBecause(), fallback.name());
            return fallback;
        });
    }
}
