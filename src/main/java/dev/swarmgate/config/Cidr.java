package dev.swarmgate.config;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}); a bare address is a network of
 * one. IPv4-mapped IPv6 peers ({@code ::ffff:10.1.2.3}) match IPv4 networks.
 *
 * @param network the address bytes (4 or 16) with the host bits cleared
 */
public record Cidr(byte[] network, int prefixLength) {

    public Cidr {
        network = network.clone();
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("a network has 4 or 16 address bytes, got " + network.length);
        }
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is out of range");
        }
        clearHostBits(network, prefixLength);
    }

    /**
     * Parses {@code address[/prefix]} with a literal address (never a host name, so nothing is resolved).
     *
     * @throws IllegalArgumentException saying what is wrong, e.g. {@code 10.0.0.0/33: prefix must be 0 to 32}
     */
    public static Cidr parse(String text) {
        String value = text.strip();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException(value + ": '" + address + "' is not an IPv4 or IPv6 address");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String digits = value.substring(slash + 1);
            if (!digits.matches("[0-9]{1,3}") || Integer.parseInt(digits) > max) {
                throw new IllegalArgumentException(value + ": prefix must be 0 to " + max);
            }
            prefix = Integer.parseInt(digits);
        }
        return new Cidr(bytes, prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && network.length == 4 && isIpv4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        if (bytes.length != network.length) {
            return false;
        }
        clearHostBits(bytes, prefixLength);
        return Arrays.equals(bytes, network);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr cidr && cidr.prefixLength == prefixLength && Arrays.equals(cidr.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (network.length == 4) {
            for (int i = 0; i < 4; i++) {
                text.append(i == 0 ? "" : ".").append(network[i] & 0xff);
            }
        } else {
            for (int i = 0; i < 16; i += 2) {
                text.append(i == 0 ? "" : ":").append(Integer.toHexString(((network[i] & 0xff) << 8)
                        | (network[i + 1] & 0xff)));
            }
        }
        return text.append('/').append(prefixLength).toString();
    }

    private static void clearHostBits(byte[] bytes, int prefix) {
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    /** The bytes of a literal IPv4 or IPv6 address, or null; refuses anything that would need name resolution. */
    private static byte[] literal(String address) {
        if (address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            byte[] bytes = new byte[4];
            String[] parts = address.split("\\.");
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(parts[i]);
                if (part > 255) {
                    return null;
                }
                bytes[i] = (byte) part;
            }
            return bytes;
        }
        if (!address.contains(":") || !address.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            // With only hex digits, colons and dots this is a literal: InetAddress does not resolve it.
            byte[] bytes = InetAddress.getByName(address).getAddress();
            return bytes.length == 16 ? bytes : null;
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
