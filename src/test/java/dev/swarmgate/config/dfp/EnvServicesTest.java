package dev.swarmgate.config.dfp;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.InvalidServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvServicesTest {

    @Test
    void noVariablesMeanNoServices() {
        assertThat(EnvServices.read(Map.of("PATH", "/bin"))).isEmpty();
    }

    @Test
    void singleServiceVariablesBecomeParameters() {
        assertThat(EnvServices.read(Map.of("DFP_SERVICE_SERVICE_NAME", "ext", "DFP_SERVICE_SERVICE_PATH", "/ext",
                "DFP_SERVICE_PORT", "80"))).containsExactly(
                Map.of("serviceName", List.of("ext"), "servicePath", List.of("/ext"), "port", List.of("80")));
    }

    @Test
    void numberedServicesAreReadInOrder() {
        assertThat(EnvServices.read(Map.of("DFP_SERVICE_2_SERVICE_NAME", "b", "DFP_SERVICE_1_SERVICE_NAME", "a")))
                .extracting(parameters -> parameters.get("serviceName"))
                .containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void numberedServicesStopAtTheFirstNumberWithoutServiceName() {
        assertThat(EnvServices.read(Map.of("DFP_SERVICE_1_SERVICE_NAME", "a", "DFP_SERVICE_3_SERVICE_NAME", "c",
                "DFP_SERVICE_2_PORT", "80"))).hasSize(1);
    }

    @Test
    void numberedVariablesDoNotLeakIntoTheSingleService() {
        List<Map<String, List<String>>> services = EnvServices.read(Map.of("DFP_SERVICE_SERVICE_NAME", "s",
                "DFP_SERVICE_1_SERVICE_NAME", "a", "DFP_SERVICE_1_PORT", "81"));
        assertThat(services.getFirst()).containsOnlyKeys("serviceName");
        assertThat(services.get(1)).containsEntry("port", List.of("81"));
    }

    @ParameterizedTest
    @CsvSource({"ACL_NAME, aclName", "SERVICE_DOMAIN_ALGO, serviceDomainAlgo", "IS_DEFAULT_BACKEND, isDefaultBackend",
            "SRC_PORT, srcPort", "OUTBOUND_HOSTNAME, outboundHostname", "SERVICE_PATH_EXCLUDE, servicePathExclude",
            "PORT_1, port.1", "SERVICE_PATH_10, servicePath.10", "SSL_VERIFY_NONE, sslVerifyNone",
            "SERVICE_DOMAIN_MATCH_ALL, serviceDomainMatchAll", "HTTPS_ONLY, httpsOnly",
            "HTTPS_REDIRECT_CODE, httpsRedirectCode", "REDIRECT_WHEN_HTTP_PROTO, redirectWhenHttpProto",
            "REDIRECT_UNLESS_HTTPS_PROTO, redirectUnlessHttpsProto", "REDIRECT_FROM_DOMAIN, redirectFromDomain",
            "ALLOWED_METHODS_2, allowedMethods.2", "DENIED_METHODS, deniedMethods", "DENY_HTTP, denyHttp",
            "USER_AGENT_1, userAgent.1", "SERVICE_HEADER, serviceHeader"})
    void upperSnakeNamesBecomeQueryNames(String variable, String parameter) {
        assertThat(EnvServices.parameterName(variable)).isEqualTo(parameter);
    }

    @Test
    void replicasAreNeverPassedOn() {
        assertThat(EnvServices.read(Map.of("DFP_SERVICE_SERVICE_NAME", "s", "DFP_SERVICE_REPLICAS", "0")).getFirst())
                .doesNotContainKey("replicas");
    }

    @Test
    void emptyValuesAreSkipped() {
        assertThat(EnvServices.read(Map.of("DFP_SERVICE_SERVICE_NAME", "s", "DFP_SERVICE_PORT", "")).getFirst())
                .doesNotContainKey("port");
    }

    @Test
    void defaultProtocolSetsTheReqModeOfEnvServices() {
        assertThat(EnvServices.read(Map.of("DFP_SERVICE_SERVICE_NAME", "s", "DEFAULT_PROTOCOL", "tcp")).getFirst())
                .containsEntry("reqMode", List.of("tcp"));
    }

    @Test
    void envServicesGoThroughTheSameParser() throws InvalidServiceException {
        Map<String, List<String>> parameters = EnvServices.read(Map.of("DFP_SERVICE_1_SERVICE_NAME", "ext",
                "DFP_SERVICE_1_SERVICE_PATH_1", "/a", "DFP_SERVICE_1_PORT_1", "8080",
                "DFP_SERVICE_1_SERVICE_PATH_2", "/b", "DFP_SERVICE_1_PORT_2", "8081")).getFirst();
        assertThat(new ServiceParameters(Query.settings()).parse(parameters).spec().orElseThrow().destinations())
                .extracting(Destination::index, Destination::port)
                .containsExactly(org.assertj.core.api.Assertions.tuple(1, 8080),
                        org.assertj.core.api.Assertions.tuple(2, 8081));
    }
}
