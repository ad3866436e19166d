package dev.swarmgate.config.dfp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * {@code SSL_BIND_CIPHERS}: an OpenSSL cipher string (Docker Flow Proxy's default is
 * {@code ECDH+AESGCM:ECDH+CHACHA20:DH+AESGCM:...:!aNULL:!MD5:!DSS}) evaluated here into the TLS 1.2 suites the
 * listeners offer, in order. BoringSSL, which terminates TLS, accepts only a plain list of suite names, not such an
 * expression, so the expression is expanded the way OpenSSL does: words joined by {@code +} must all match, {@code !}
 * removes for good, {@code -} removes, {@code +word} moves to the end, {@code @STRENGTH} sorts, {@code @SECLEVEL} is
 * ignored. Aliases of algorithms BoringSSL does not have (DH, DSS, MD5, RC4, 3DES, NULL, EXPORT, ...) and suite names
 * it does not offer match nothing, as in OpenSSL; an unknown word is refused, and so is an expression that leaves no
 * suite.
 */
final class CipherExpression {

    /** One TLS 1.2 suite BoringSSL offers (3DES and PSK suites left out: never wanted on a public listener). */
    private record Suite(String openSsl, String iana, String kx, String auth, String enc, int bits, boolean aead) {
    }

    private static final List<Suite> CATALOGUE = List.of(
            new Suite("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE", "ECDSA",
                    "AESGCM", 256, true),
            new Suite("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE", "RSA",
                    "AESGCM", 256, true),
            new Suite("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE",
                    "ECDSA", "CHACHA20", 256, true),
            new Suite("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE", "RSA",
                    "CHACHA20", 256, true),
            new Suite("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE", "ECDSA",
                    "AESGCM", 128, true),
            new Suite("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE", "RSA",
                    "AESGCM", 128, true),
            new Suite("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE", "ECDSA", "AES",
                    256, false),
            new Suite("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE", "RSA", "AES", 256, false),
            new Suite("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE", "ECDSA", "AES",
                    128, false),
            new Suite("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE", "RSA", "AES", 128, false),
            new Suite("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", "RSA", "RSA", "AESGCM", 256, true),
            new Suite("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", "RSA", "RSA", "AESGCM", 128, true),
            new Suite("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", "RSA", "RSA", "AES", 256, false),
            new Suite("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", "RSA", "RSA", "AES", 128, false));

    /** OpenSSL aliases of algorithms or suites BoringSSL does not offer: valid words that select nothing. */
    private static final Set<String> MATCH_NOTHING = Set.of("DH", "DHE", "EDH", "KDHE", "KEDH", "ADH", "AECDH",
            "ANULL", "ENULL", "NULL", "MD5", "DSS", "ADSS", "DES", "3DES", "RC4", "RC2", "IDEA", "SEED", "CAMELLIA",
            "CAMELLIA128", "CAMELLIA256", "ARIA", "ARIA128", "ARIA256", "ARIAGCM", "EXPORT", "EXP", "EXPORT40",
            "EXPORT56", "LOW", "MEDIUM", "PSK", "KPSK", "APSK", "ECDHEPSK", "DHEPSK", "RSAPSK", "KECDHEPSK",
            "KDHEPSK", "KRSAPSK", "SRP", "KSRP", "ASRP", "CCM", "CCM8", "AESCCM", "AESCCM8", "SUITEB128",
            "SUITEB192", "SUITEB128ONLY", "KGOST", "AGOST", "AGOST01", "GOST94", "GOST89MAC", "KDH", "KDHR", "KDHD",
            "KECDHR", "SHA256", "SHA384", "COMPLEMENTOFALL", "COMPLEMENTOFDEFAULT",
            "SSLV2", "FIPS");

    /** A suite name in OpenSSL or IANA form (letters, digits, dashes or underscores). */
    private static final Pattern SUITE_NAME = Pattern.compile("(TLS_|SSL_)[A-Z0-9_]+|[A-Z0-9]+(-[A-Z0-9]+)+");

    static final String EXPECTED = "an OpenSSL cipher string such as ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL (aliases:"
            + " ECDHE/ECDH/EECDH/kECDHE, RSA/kRSA, aRSA, ECDSA/aECDSA, AES, AES128, AES256, AESGCM, CHACHA20, AEAD,"
            + " SHA1/SHA, HIGH, ALL, DEFAULT, TLSv1.2, TLSv1; prefixes !, -, +; @STRENGTH) or suite names";

    private CipherExpression() {
    }

    /**
     * The IANA names of the suites the expression selects, in order.
     *
     * @throws IllegalArgumentException naming an unknown word, or when nothing is selected
     */
    static List<String> expand(String expression) {
        LinkedHashSet<Suite> list = new LinkedHashSet<>();
        Set<Suite> banned = new HashSet<>();
        for (String element : expression.strip().split("[:, ]+")) {
            if (element.isEmpty()) {
                continue;
            }
            String upper = element.toUpperCase(Locale.ROOT);
            if (upper.equals("@STRENGTH")) {
                List<Suite> sorted = new ArrayList<>(list);
                sorted.sort(Comparator.comparingInt(Suite::bits).reversed());
                list.clear();
                list.addAll(sorted);
                continue;
            }
            if (upper.startsWith("@SECLEVEL")) {
                continue;
            }
            char prefix = element.charAt(0);
            String body = prefix == '!' || prefix == '-' || prefix == '+' ? element.substring(1) : element;
            Predicate<Suite> selects = selector(body);
            List<Suite> matching = CATALOGUE.stream().filter(selects).toList();
            switch (prefix) {
                case '!' -> {
                    banned.addAll(matching);
                    matching.forEach(list::remove);
                }
                case '-' -> matching.forEach(list::remove);
                case '+' -> matching.stream().filter(list::contains).toList().forEach(suite -> {
                    list.remove(suite);
                    list.add(suite);
                });
                default -> matching.stream().filter(suite -> !banned.contains(suite)).forEach(list::add);
            }
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("it selects no TLS 1.2 cipher suite Swarmgate can offer; the suites"
                    + " are " + CATALOGUE.stream().map(Suite::openSsl).toList());
        }
        return list.stream().map(Suite::iana).toList();
    }

    /** What one element without its prefix selects: words joined by {@code +}, all of which must match. */
    private static Predicate<Suite> selector(String body) {
        Predicate<Suite> all = suite -> true;
        for (String word : body.split("\\+")) {
            if (word.isEmpty()) {
                throw new IllegalArgumentException("'" + body + "' has an empty word; join aliases with a single +");
            }
            all = all.and(word(word));
        }
        return all;
    }

    private static Predicate<Suite> word(String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "ECDHE", "ECDH", "EECDH", "KECDHE", "KEECDH" -> suite -> suite.kx().equals("ECDHE");
            case "RSA", "KRSA" -> suite -> suite.kx().equals("RSA");
            case "ARSA" -> suite -> suite.auth().equals("RSA");
            case "ECDSA", "AECDSA" -> suite -> suite.auth().equals("ECDSA");
            case "AES" -> suite -> suite.enc().startsWith("AES");
            case "AES128" -> suite -> suite.enc().startsWith("AES") && suite.bits() == 128;
            case "AES256" -> suite -> suite.enc().startsWith("AES") && suite.bits() == 256;
            case "AESGCM" -> suite -> suite.enc().equals("AESGCM");
            case "CHACHA20" -> suite -> suite.enc().equals("CHACHA20");
            case "AEAD", "TLSV1.2" -> Suite::aead;
            case "SHA1", "SHA", "TLSV1", "TLSV1.0", "SSLV3" -> suite -> !suite.aead();
            case "HIGH", "ALL", "DEFAULT" -> suite -> true;
            default -> {
                if (MATCH_NOTHING.contains(upper)) {
                    yield suite -> false;
                }
                for (Suite suite : CATALOGUE) {
                    if (suite.openSsl().equals(upper) || suite.iana().equals(upper)) {
                        yield candidate -> candidate == suite;
                    }
                }
                if (SUITE_NAME.matcher(upper).matches()) {
                    yield suite -> false;
                }
                throw new IllegalArgumentException("'" + word + "' is not a cipher alias or suite name Swarmgate"
                        + " knows; expected " + EXPECTED);
            }
        };
    }
}
