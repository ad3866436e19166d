package dev.swarmgate.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The networks of this host's interfaces, each as one of its addresses and the prefix length: an address inside one
 * of them is on a network this container shares, the way a swarm proxy without Docker tells which of a service's task
 * addresses it can reach (the networks {@code tasks.<name>} DNS would answer for), as DFP does for its peers since
 * its PR #66.
 */
record LocalSubnets(List<Subnet> subnets) {

    private static final Logger LOG = LoggerFactory.getLogger(LocalSubnets.class);

    /** One interface address and the length of its network prefix. */
    record Subnet(InetAddress address, int prefixLength) {

        boolean contains(InetAddress other) {
            byte[] a = address.getAddress();
            byte[] b = other.getAddress();
            if (a.length != b.length || prefixLength < 0) {
                return false;
            }
            int bits = Math.min(prefixLength, a.length * 8);
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    LocalSubnets {
        subnets = List.copyOf(subnets);
    }

    /** The networks of this host's interfaces now (none when they cannot be listed). */
    static LocalSubnets ofThisHost() {
        List<Subnet> subnets = new ArrayList<>();
        try {
            for (NetworkInterface networkInterface : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress local : networkInterface.getInterfaceAddresses()) {
                    subnets.add(new Subnet(local.getAddress(), local.getNetworkPrefixLength()));
                }
            }
        } catch (SocketException e) {
            LOG.debug("Cannot list network interfaces: {}", e.toString());
        }
        return new LocalSubnets(subnets);
    }

    /** Whether the address lies in the network of one of these interfaces (their own addresses included). */
    boolean contains(InetAddress address) {
        for (Subnet subnet : subnets) {
            if (subnet.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
