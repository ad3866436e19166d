package dev.swarmgate.observe;

import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Turns {@link AccessRecord}s into lines, on the access log's writer thread: JSON (one object per line, strings
 * escaped as RFC 8259 asks) or Apache's common log format with Swarmgate's fields after it. Keeps the text of the
 * current second, so most lines format no date.
 */
abstract sealed class AccessLineFormat {

    static AccessLineFormat json() {
        return new Json();
    }

    static AccessLineFormat common() {
        return new Common();
    }

    /** Appends one line, newline included. */
    abstract void append(AccessRecord record, StringBuilder line);

    private long cachedSecond = Long.MIN_VALUE;
    private String cachedTime;

    /** The record's second, formatted by {@code formatter} once per second. */
    String second(long epochMillis, DateTimeFormatter formatter) {
        long second = Math.floorDiv(epochMillis, 1000);
        if (second != cachedSecond) {
            cachedSecond = second;
            cachedTime = formatter.format(Instant.ofEpochSecond(second));
        }
        return cachedTime;
    }

    private InetAddress lastClient;
    private String lastClientText;

    /** The client's address as text; a keep-alive client's lines in a row format it once. */
    String clientIp(AccessRecord record) {
        InetAddress address = record.client() == null ? null : record.client().getAddress();
        if (address == null) {
            return "-";
        }
        if (address != lastClient) {
            lastClient = address;
            lastClientText = address.getHostAddress();
        }
        return lastClientText;
    }

    static final class Json extends AccessLineFormat {

        private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
                .withZone(ZoneOffset.UTC);
        private static final char[] HEX = "0123456789abcdef".toCharArray();

        @Override
        void append(AccessRecord r, StringBuilder line) {
            line.append("{\"time\":\"").append(second(r.epochMillis(), SECOND)).append('.');
            threeDigits(line, (int) Math.floorMod(r.epochMillis(), 1000L));
            line.append("Z\",\"type\":\"").append(r.method() == null ? "tcp" : "http").append('"');
            string(line, "client", clientIp(r));
            if (r.client() != null) {
                line.append(",\"client_port\":").append(r.client().getPort());
            }
            line.append(",\"listener\":").append(r.listener());
            string(line, "method", r.method());
            string(line, "host", r.host());
            string(line, "path", r.path());
            string(line, "protocol", r.protocol());
            line.append(",\"tls\":").append(r.tls());
            line.append(",\"status\":").append(r.status());
            line.append(",\"bytes_in\":").append(r.bytesIn());
            line.append(",\"bytes_out\":").append(r.bytesOut());
            line.append(",\"duration_ms\":");
            millis(line, r.totalNanos());
            if (r.backendNanos() >= 0) {
                line.append(",\"backend_ms\":");
                millis(line, r.backendNanos());
            }
            string(line, "service", r.service());
            string(line, "destination", r.destination());
            string(line, "endpoint", r.endpoint());
            line.append(",\"retries\":").append(r.retries()).append("}\n");
        }

        /** Appends {@code ,"name":"value"}, or nothing for null. */
        private static void string(StringBuilder line, String name, String value) {
            if (value == null) {
                return;
            }
            line.append(",\"").append(name).append("\":\"");
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> line.append("\\\"");
                    case '\\' -> line.append("\\\\");
                    case '\n' -> line.append("\\n");
                    case '\r' -> line.append("\\r");
                    case '\t' -> line.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x7f) {
                            line.append("\\u00").append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                        } else {
                            line.append(c);
                        }
                    }
                }
            }
            line.append('"');
        }
    }

    static final class Common extends AccessLineFormat {

        private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z",
                Locale.ROOT).withZone(ZoneOffset.UTC);

        @Override
        void append(AccessRecord r, StringBuilder line) {
            line.append(clientIp(r)).append(" - - [").append(second(r.epochMillis(), SECOND)).append("] \"");
            if (r.method() == null) {
                line.append("TCP :").append(r.listener()).append(" TCP");
            } else {
                printable(line, r.method());
                line.append(' ');
                printable(line, r.path());
                line.append(' ').append(r.protocol());
            }
            line.append("\" ").append(r.status() == 0 ? "-" : String.valueOf(r.status())).append(' ')
                    .append(r.bytesOut()).append(" \"");
            printable(line, r.host() == null ? "-" : r.host());
            line.append("\" ").append(r.service() == null ? "-" : r.service())
                    .append(' ').append(r.destination() == null ? "-" : r.destination())
                    .append(' ').append(r.endpoint() == null ? "-" : r.endpoint())
                    .append(' ');
            millis(line, r.totalNanos());
            line.append("ms in=").append(r.bytesIn()).append(" retries=").append(r.retries())
                    .append(r.tls() ? " tls" : "").append('\n');
        }

        /** Client text with quotes, backslashes and controls escaped, so no client can split or forge a line. */
        private static void printable(StringBuilder line, String value) {
            if (value == null) {
                line.append('-');
                return;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    line.append('\\').append(c);
                } else if (c < 0x20 || c == 0x7f) {
                    line.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                } else {
                    line.append(c);
                }
            }
        }
    }

    /** Milliseconds with three decimals. */
    static void millis(StringBuilder line, long nanos) {
        long micros = Math.max(0, nanos) / 1000;
        line.append(micros / 1000).append('.');
        threeDigits(line, (int) (micros % 1000));
    }

    static void threeDigits(StringBuilder line, int value) {
        if (value < 100) {
            line.append('0');
        }
        if (value < 10) {
            line.append('0');
        }
        line.append(value);
    }
}
