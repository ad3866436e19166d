package dev.swarmgate.sync;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceSetJsonTest {

    @Test
    void getServicesEntriesBecomeSingleValuedParameters() throws Exception {
        ServiceSet set = ServiceSetJson.getServices(
                "[{\"serviceName\":\"go-demo\",\"servicePath\":\"/demo\",\"port\":\"8080\"}]");

        assertThat(set.version()).isEqualTo(OptionalLong.empty());
        assertThat(set.services()).singleElement().satisfies(entry -> {
            assertThat(entry.parameters()).isEqualTo(Map.of("serviceName", List.of("go-demo"),
                    "servicePath", List.of("/demo"), "port", List.of("8080")));
            assertThat(entry.problem()).isEmpty();
            assertThat(entry.label()).isEqualTo("go-demo");
        });
    }

    @Test
    void numbersAndBooleansAreReadAsTheirTextAndNullsAsAbsent() throws Exception {
        ServiceSet set = ServiceSetJson.getServices("[{\"serviceName\":\"a\",\"port\":8080,\"distribute\":true,"
                + "\"servicePath\":null}]");

        assertThat(set.services().getFirst().parameters()).isEqualTo(Map.of("serviceName", List.of("a"),
                "port", List.of("8080"), "distribute", List.of("true")));
    }

    @Test
    void aMalformedEntryCarriesItsProblemAndLeavesTheOthersAlone() throws Exception {
        ServiceSet set = ServiceSetJson.getServices("[42, {\"serviceName\":\"a\",\"servicePath\":[\"/x\"]},"
                + " {\"serviceName\":\"b\"}]");

        assertThat(set.services()).extracting(ListedService::problem).containsExactly(
                Optional.of("expected an object of parameters, got a number"),
                Optional.of("parameter values must be strings, but servicePath is not"),
                Optional.empty());
        assertThat(set.services().getFirst().label()).isEqualTo("#0 (no serviceName)");
        assertThat(set.services().get(1).label()).isEqualTo("a");
    }

    @Test
    void aBodyThatIsNotAListIsAnError() {
        assertThatThrownBy(() -> ServiceSetJson.getServices("{\"serviceName\":\"a\"}"))
                .hasMessage("expected a JSON array of services, got an object");
        assertThatThrownBy(() -> ServiceSetJson.getServices("<html>"))
                .hasMessageStartingWith("the body is not JSON");
        assertThatThrownBy(() -> ServiceSetJson.getServices("")).hasMessage("the body is empty");
    }

    @Test
    void aFeedBodyCarriesItsVersion() throws Exception {
        ServiceSet set = ServiceSetJson.feed("{\"version\": 7, \"services\": [{\"serviceName\":\"a\"}]}");

        assertThat(set.version()).hasValue(7);
        assertThat(set.services()).hasSize(1);
    }

    @Test
    void aFeedBodyWithoutAWholeVersionOrAServiceArrayIsAnError() {
        assertThatThrownBy(() -> ServiceSetJson.feed("{\"version\": \"7\", \"services\": []}"))
                .hasMessage("\"version\" must be a whole number, got \"7\"");
        assertThatThrownBy(() -> ServiceSetJson.feed("{\"version\": 1.5, \"services\": []}"))
                .hasMessageStartingWith("\"version\" must be a whole number");
        assertThatThrownBy(() -> ServiceSetJson.feed("{\"version\": 1}"))
                .hasMessage("\"services\" must be a JSON array of services, got nothing");
        assertThatThrownBy(() -> ServiceSetJson.feed("[]"))
                .hasMessage("expected a JSON object with version and services, got an array");
    }

    @Test
    void aFeedsTaskAddressesAreReadByServiceName() throws Exception {
        ServiceSet set = ServiceSetJson.feed("{\"version\":7,\"services\":[{\"serviceName\":\"a\"},"
                + "{\"serviceName\":\"b\"}],\"taskAddresses\":{\"a\":[\"10.0.1.5\",\"fd00::5\"],\"b\":[]}}");

        assertThat(set.taskAddresses()).isEqualTo(Map.of(
                "a", List.of(InetAddress.ofLiteral("10.0.1.5"), InetAddress.ofLiteral("fd00::5")), "b", List.of()));
        assertThat(set.problems()).isEmpty();
        assertThat(set.services()).hasSize(2);
    }

    @Test
    void aFeedWithoutTaskAddressesAnOlderListenersLeavesEveryServiceToDns() throws Exception {
        ServiceSet set = ServiceSetJson.feed("{\"version\":7,\"services\":[{\"serviceName\":\"a\"}]}");

        assertThat(set.taskAddresses()).isEmpty();
        assertThat(set.problems()).isEmpty();
        assertThat(set).isEqualTo(new ServiceSet(set.services(), OptionalLong.of(7)));
    }

    @Test
    void malformedTaskAddressesLeaveTheirServiceToDnsAndNeverLookUpAName() throws Exception {
        ServiceSet set = ServiceSetJson.feed("{\"version\":7,\"services\":[],\"taskAddresses\":{"
                + "\"a\":\"10.0.1.5\",\"b\":[\"localhost\"],\"c\":[5],\"d\":[\"10.0.1.6\"]}}");

        assertThat(set.taskAddresses()).isEqualTo(Map.of("d", List.of(InetAddress.ofLiteral("10.0.1.6"))));
        assertThat(set.problems()).containsExactly(
                "the task addresses of a must be an array of IP addresses, got \"10.0.1.5\"; the service is left to"
                        + " tasks.<name> DNS",
                "the task addresses of b must be an array of IP addresses, got [\"localhost\"]; the service is left"
                        + " to tasks.<name> DNS",
                "the task addresses of c must be an array of IP addresses, got [5]; the service is left to"
                        + " tasks.<name> DNS");
        assertThat(ServiceSetJson.feed("{\"version\":7,\"services\":[],\"taskAddresses\":[]}").problems())
                .containsExactly("\"taskAddresses\" must be an object of address lists by serviceName, got an array;"
                        + " every service is left to tasks.<name> DNS");
    }
}
