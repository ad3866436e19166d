package dev.swarmgate.upstream;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Test shorthand: endpoints on distinct 10.0.0.x addresses (never connected to). */
final class Endpoints {

    private Endpoints() {
    }

    static Endpoint[] of(int count) {
        Endpoint[] endpoints = new Endpoint[count];
        for (int i = 0; i < count; i++) {
            endpoints[i] = at(i + 1);
        }
        return endpoints;
    }

    static Endpoint at(int lastOctet) {
        try {
            return new Endpoint(new InetSocketAddress(InetAddress.getByAddress(
                    new byte[] {10, 0, 0, (byte) lastOctet}), 8080));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
