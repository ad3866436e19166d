package dev.swarmgate.admin;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.swarmgate.config.InvalidServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the DFP parameter parser with parameter maps made of the names it knows (docs/parameters.md, with
 * {@code .N} indexes and other letter cases) and values near the ones it checks, so the fuzzer gets past
 * {@code serviceName} and {@code port} to every check. Each map is parsed directly, where the only exception allowed
 * is the documented rejection ({@link InvalidServiceException}, 400 or 409), and then sent, properly encoded, to
 * the real admin server, which must answer the same rejection or accept it, never a 5xx.
 */
class AdminParameterMapFuzzTest {

    /** Every parameter name the parser reads (ServiceParameters, DestinationParser, ...). */
    static final List<String> NAMES = List.of(
            "serviceName", "aclName", "servicePath", "pathType", "servicePathExclude", "serviceDomain",
            "serviceDomainAlgo", "serviceDomainMatchAll", "port", "srcPort", "reqMode", "timeoutClient",
            "timeoutTunnel", "outboundHostname", "timeoutServer", "sendProxy", "isDefaultBackend", "replicas",
            "distribute", "sessionType", "balance", "endpoints", "healthCheck", "healthCheckPath", "healthCheckInterval",
            "healthCheckTimeout", "healthCheckRise", "healthCheckFall",
            "users", "usersSecret", "usersPassEncrypted", "allowedMethods", "deniedMethods", "denyHttp",
            "verifyClientSsl", "httpsOnly", "httpsPort", "srcHttpsPort", "httpsRedirectCode", "redirectFromDomain",
            "redirectWhenHttpProto", "redirectUnlessHttpsProto", "reqPathSearchReplace", "reqPathSearch",
            "reqPathReplace", "serviceHeader", "userAgent", "addReqHeader", "setReqHeader", "delReqHeader",
            "addResHeader", "setResHeader", "delResHeader", "addHeader", "setHeader", "sslVerifyNone",
            "serviceCert",
            "backendExtra", "templateFePath", "templateBePath", "userDef", "connectionMode", "checkResolvers",
            "discoveryType", "compressionAlgo", "compressionType", "checkTcp", "clitcpka", "serviceGroup",
            "balanceGroup", "proxyInstanceName", "ignoreAuthorization");

    /** Values the parser compares against or that sit on a boundary it checks. */
    static final List<String> VALUES = List.of(
            "go-demo", "/demo", "/api,/v2", "/", "*", "*.example.com", "example.com", ",", " , ", "", " ",
            "8080", "0", "1", "65535", "65536", "-1", "+1", "2147483647", "2147483648", "99999999999999999999",
            "1e3", "0x10", "http", "tcp", "sni", "HTTP", "path_beg", "path", "path_end", "path_reg", "^/a(b",
            "(a+)+$", "hdr(host)", "hdr_beg(host)", "hdr_dom", "hdr_end(host)", "regex", "true", "false", "TRUE",
            "t", "F", "yes", "sticky-server", " Sticky-Server ", "roundrobin", "rr", "least-conn", "Source",
            "maglev", "tasks", "vip", "VIP", "/health", "health", "v1", "v2", "none", "3600", "3601", "100",
            "101", "admin:secret", "X-Version:3", "a:b:c", "GET,POST", "get", "301", "307", "304", "10.0.0.5", "[::1]", "\u00e9", "\u0000", "%", "a=b&c");

    private static FuzzedAdminApi api;

    @BeforeAll
    static void start() throws InterruptedException {
        api = new FuzzedAdminApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @FuzzTest(maxDuration = "60s")
    void parseThenReconfigure(FuzzedDataProvider data) {
        Map<String, List<String>> parameters = parameters(data);

        InvalidServiceException rejected = null;
        try {
            api.parser().parse(parameters);
        } catch (InvalidServiceException e) {
            rejected = e;
            assertThat(e.status()).as("status of: %s", e.getMessage()).isIn(400, 409);
            assertThat(e.getMessage()).isNotBlank();
        }

        api.reset();
        FuzzedAdminApi.Reply reply = api.get(target(parameters));
        assertThat(reply.status()).as("reconfigure %s answered %s", parameters, reply.body()).isBetween(200, 499);
        if (rejected != null) {
            assertThat(reply.status()).as("the parser's status (%s) for %s; the server answered %s",
                    rejected.getMessage(), parameters, reply.body()).isEqualTo(rejected.status());
            assertThat(reply.message()).isEqualTo(rejected.getMessage());
        }
    }

    /** Up to 16 parameters; a name is a known one (maybe indexed, maybe in another case) or, rarely, any text. */
    private static Map<String, List<String>> parameters(FuzzedDataProvider data) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        int count = data.consumeInt(0, 16);
        for (int i = 0; i < count && data.remainingBytes() > 0; i++) {
            String name = switch (data.consumeInt(0, 7)) {
                case 0 -> roundTrip(data.consumeString(16));
                case 1, 2 -> data.pickValue(NAMES) + "." + data.consumeInt(0, 11);
                case 3 -> data.pickValue(NAMES).toLowerCase(Locale.ROOT);
                default -> data.pickValue(NAMES);
            };
            String value = data.consumeBoolean() ? data.pickValue(VALUES) : roundTrip(data.consumeString(48));
            if (!name.isEmpty()) {
                parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            }
        }
        return parameters;
    }

    /** What survives UTF-8 (a lone surrogate becomes ?), so the map parsed here is the one the server decodes. */
    private static String roundTrip(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static byte[] target(Map<String, List<String>> parameters) {
        StringBuilder target = new StringBuilder(FuzzedAdminApi.DFP).append("/reconfigure?");
        parameters.forEach((name, values) -> values.forEach(value -> target
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&')));
        return target.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
