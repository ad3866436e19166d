package dev.swarmgate.sync;

import java.io.IOException;

/** Docker Flow Swarm Listener's way: the whole list from {@code get-services} on every fetch. */
final class GetServicesPull implements ServiceSetSource {

    private final ListenerClient listener;

    GetServicesPull(ListenerClient listener) {
        this.listener = listener;
    }

    @Override
    public ServiceSet fetch() throws IOException, InterruptedException {
        return listener.getServices();
    }

    @Override
    public boolean waitsForChanges() {
        return false;
    }

    @Override
    public String describe() {
        return "get-services pull";
    }
}
