package dev.swarmgate.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers allowed to send a PROXY protocol header to an accept-proxy listener
 * ({@code PROXY_PROTOCOL_TRUSTED_NETWORKS}). No networks means everyone, as HAProxy's {@code accept-proxy} does.
 */
public record TrustedNetworks(List<Cidr> networks) {

    public static final TrustedNetworks EVERYONE = new TrustedNetworks(List.of());

    public TrustedNetworks {
        networks = List.copyOf(networks);
    }

    /**
     * Parses a comma- or space-separated CIDR list; blank means everyone.
     *
     * @throws IllegalArgumentException naming every malformed item
     */
    public static TrustedNetworks parse(String value) {
        List<Cidr> networks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String item : value.split("[,\\s]+")) {
            if (item.isEmpty()) {
                continue;
            }
            try {
                networks.add(Cidr.parse(item));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new TrustedNetworks(networks);
    }

    public boolean everyone() {
        return networks.isEmpty();
    }

    public boolean contains(InetAddress address) {
        if (networks.isEmpty()) {
            return true;
        }
        for (Cidr network : networks) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
