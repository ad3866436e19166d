package dev.swarmgate.config.dfp;

import java.util.Locale;
import java.util.Map;

/**
 * {@code IO_TRANSPORT}: the kernel interface the data plane's event loops use. {@code epoll} by default;
 * {@code io_uring} submits reads, writes, accepts and closes in batches, where the kernel and the sandbox allow it.
 */
public enum IoTransportSetting {
    EPOLL("epoll"),
    IO_URING("io_uring");

    private final String spelling;

    IoTransportSetting(String spelling) {
        this.spelling = spelling;
    }

    /** @throws IllegalArgumentException naming the variable and its values when the value is neither */
    public static IoTransportSetting read(Map<String, String> env) {
        String text = env.get("IO_TRANSPORT");
        if (text == null || text.isBlank()) {
            return EPOLL;
        }
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        for (IoTransportSetting choice : values()) {
            if (choice.spelling.equals(wanted)) {
                return choice;
            }
        }
        throw new IllegalArgumentException("IO_TRANSPORT=" + text + " is not valid: use epoll (the default) or"
                + " io_uring (fewer system calls per connection; Linux 5.14 or later, and a container needs a seccomp"
                + " profile that allows it)");
    }
}
