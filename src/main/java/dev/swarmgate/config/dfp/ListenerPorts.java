package dev.swarmgate.config.dfp;

import dev.swarmgate.config.ListenerSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code DEFAULT_PORTS}/{@code BIND_PORTS} value: comma-separated items such as {@code 80}, {@code 443:ssl},
 * {@code 80 accept-proxy} or {@code 443 accept-proxy:ssl}. Other HAProxy bind options are reported, not applied.
 *
 * @param ignoredOptions one entry per item with bind options Swarmgate does not apply, e.g. {@code 80 tfo}
 */
record ListenerPorts(List<ListenerSpec> listeners, List<String> ignoredOptions) {

    static final String EXPECTED = "a comma-separated list of ports, each optionally followed by accept-proxy"
            + " and/or :ssl, e.g. 80,443:ssl or 80 accept-proxy,443 accept-proxy:ssl";

    ListenerPorts {
        listeners = List.copyOf(listeners);
        ignoredOptions = List.copyOf(ignoredOptions);
    }

    /** @throws IllegalArgumentException naming the malformed item */
    static ListenerPorts parse(String value) {
        List<ListenerSpec> listeners = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (String rawItem : value.split(",", -1)) {
            String item = rawItem.strip();
            if (item.isEmpty()) {
                continue;
            }
            // DFP replaces ":ssl" wherever it appears in the item, so "443:ssl accept-proxy" works too.
            boolean ssl = item.contains(":ssl");
            String[] words = item.replace(":ssl", " ").strip().split("\\s+");
            int port = (int) WholeNumber.parse(words[0], 1, DestinationParser.MAX_PORT).orElseThrow(() ->
                    new IllegalArgumentException("item '" + item + "' does not start with a port from 1 to 65535"));
            boolean acceptProxy = false;
            List<String> options = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
                if (words[i].equals("accept-proxy")) {
                    acceptProxy = true;
                } else {
                    options.add(words[i]);
                }
            }
            if (!options.isEmpty()) {
                ignored.add(port + " " + String.join(" ", options));
            }
            listeners.add(new ListenerSpec(port, ssl, acceptProxy));
        }
        return new ListenerPorts(listeners, ignored);
    }
}
