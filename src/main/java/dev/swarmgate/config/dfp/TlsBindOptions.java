package dev.swarmgate.config.dfp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code SSL_BIND_OPTIONS}: HAProxy's {@code ssl-default-bind-options} words, translated into the TLS versions the
 * listeners offer and whether they issue session tickets. SSLv3, TLS 1.0 and TLS 1.1 are never offered, so the words
 * that only turn those off are accepted and change nothing; a word that would turn them on, or any other word, is
 * refused with the list of supported ones.
 *
 * @param protocols TLS versions offered, in ascending order ({@code TLSv1.2}, {@code TLSv1.3})
 * @param tickets   whether session tickets are issued
 */
record TlsBindOptions(List<String> protocols, boolean tickets) {

    static final String SUPPORTED = "no-sslv3, no-tlsv10, no-tlsv11, no-tlsv12, no-tlsv13, ssl-min-ver <version>,"
            + " ssl-max-ver <version>, force-tlsv12, force-tlsv13, no-tls-tickets (versions: SSLv3, TLSv1.0, TLSv1.1,"
            + " TLSv1.2, TLSv1.3)";

    /** The versions HAProxy names, oldest first; Swarmgate offers only the last two. */
    private static final List<String> VERSIONS = List.of("SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3");
    private static final int TLS12 = 3;
    private static final int TLS13 = 4;

    /** @throws IllegalArgumentException naming the word that is not understood, or when no version is left */
    static TlsBindOptions parse(String value) {
        boolean offer12 = true;
        boolean offer13 = true;
        int min = TLS12;
        int max = TLS13;
        boolean tickets = true;
        List<String> words = new ArrayList<>(List.of(value.strip().split("\\s+")));
        words.removeIf(String::isEmpty);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i).toLowerCase(Locale.ROOT);
            switch (word) {
                case "no-sslv3", "no-tlsv10", "no-tlsv11" -> {
                    // never offered anyway
                }
                case "no-tlsv12" -> offer12 = false;
                case "no-tlsv13" -> offer13 = false;
                case "force-tlsv12" -> {
                    offer12 = true;
                    offer13 = false;
                }
                case "force-tlsv13" -> {
                    offer12 = false;
                    offer13 = true;
                }
                case "force-sslv3", "force-tlsv10", "force-tlsv11" -> throw new IllegalArgumentException("'" + word
                        + "' asks for a protocol version Swarmgate never offers (it offers TLSv1.2 and TLSv1.3 only);"
                        + " remove it");
                case "no-tls-tickets" -> tickets = false;
                case "ssl-min-ver", "ssl-max-ver" -> {
                    if (i + 1 >= words.size()) {
                        throw new IllegalArgumentException("'" + word + "' needs a version after it, one of "
                                + VERSIONS);
                    }
                    String version = words.get(++i);
                    int index = version(version, word);
                    if (word.equals("ssl-min-ver")) {
                        min = Math.max(index, TLS12);
                    } else {
                        if (index < TLS12) {
                            throw new IllegalArgumentException("'ssl-max-ver " + version + "' leaves only versions"
                                    + " Swarmgate never offers (it offers TLSv1.2 and TLSv1.3 only); use TLSv1.2 or"
                                    + " TLSv1.3");
                        }
                        max = index;
                    }
                }
                default -> throw new IllegalArgumentException("'" + words.get(i) + "' is not a supported option;"
                        + " supported: " + SUPPORTED);
            }
        }
        List<String> protocols = new ArrayList<>();
        if (offer12 && min <= TLS12 && max >= TLS12) {
            protocols.add("TLSv1.2");
        }
        if (offer13 && min <= TLS13 && max >= TLS13) {
            protocols.add("TLSv1.3");
        }
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("the options leave no TLS version to offer; keep TLSv1.2 or TLSv1.3");
        }
        return new TlsBindOptions(protocols, tickets);
    }

    private static int version(String given, String option) {
        for (int i = 0; i < VERSIONS.size(); i++) {
            if (VERSIONS.get(i).equalsIgnoreCase(given)) {
                return i;
            }
        }
        throw new IllegalArgumentException("'" + option + " " + given + "' names an unknown version; use one of "
                + VERSIONS);
    }
}
