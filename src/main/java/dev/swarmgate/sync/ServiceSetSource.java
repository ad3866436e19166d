package dev.swarmgate.sync;

import java.io.IOException;

/**
 * One way of learning a Swarm listener's service list: pulled from DFSL's {@code get-services}, or received from
 * Swarmgate's long-polling feed. {@link ListenerWatch} drives it and decides about retries and pauses.
 */
interface ServiceSetSource {

    /** Fetches the listener's list; may block, and is interrupted on shutdown. */
    ServiceSet fetch() throws IOException, InterruptedException;

    /**
     * Whether {@link #fetch} itself waits until the list may have changed (a feed), so the next fetch can follow at
     * once; a pull must pause between fetches instead.
     */
    boolean waitsForChanges();

    /** What the log calls this way of fetching, e.g. {@code get-services pull}. */
    String describe();
}
