package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InstanceFilter;
import dev.swarmgate.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static dev.swarmgate.config.dfp.Parsing.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PROXY_INSTANCE_NAME, FILTER_PROXY_INSTANCE_NAME and a service's proxyInstanceName, as DFP's Reconfigure.Execute. */
class InstanceFilterTest {

    private static final String SERVICE = "serviceName=api&servicePath=/api&port=8080";

    @TempDir
    Path scratch;

    private Settings settings(Map<String, String> env) {
        return DfpSettings.read(env, scratch, scratch.resolve("no-errorfiles"));
    }

    @Test
    void defaultsAreInstanceDockerFlowWithoutFiltering() {
        assertThat(settings(Map.of()).replicaSync().instanceFilter()).isEqualTo(InstanceFilter.DEFAULTS);
        assertThat(settings(Map.of("PROXY_INSTANCE_NAME", " edge ", "FILTER_PROXY_INSTANCE_NAME", "true"))
                .replicaSync().instanceFilter()).isEqualTo(new InstanceFilter("edge", true));
        assertThat(settings(Map.of("PROXY_INSTANCE_NAME", "edge")).unsupported()).isEmpty();
    }

    @Test
    void malformedFilterFlagStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> settings(Map.of("FILTER_PROXY_INSTANCE_NAME", "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FILTER_PROXY_INSTANCE_NAME");
    }

    @Test
    void withoutFilteringEveryServiceApplies() throws Exception {
        Settings settings = settings(Map.of("PROXY_INSTANCE_NAME", "edge"));
        ServiceRequest request = request(settings, SERVICE + "&proxyInstanceName=other");
        assertThat(request.spec()).isPresent();
        assertThat(request.filteredOut()).isEmpty();
    }

    @Test
    void filteringAppliesOnlyThisInstancesServicesIgnoringCase() throws Exception {
        Settings settings = settings(Map.of("PROXY_INSTANCE_NAME", "edge", "FILTER_PROXY_INSTANCE_NAME", "true"));
        assertThat(request(settings, SERVICE + "&proxyInstanceName=EDGE").spec()).isPresent();

        ServiceRequest other = request(settings, SERVICE + "&proxyInstanceName=internal");
        assertThat(other.spec()).isEmpty();
        assertThat(other.filteredOut()).get().asString()
                .contains("proxyInstanceName=internal", "PROXY_INSTANCE_NAME=edge");

        ServiceRequest unnamed = request(settings, SERVICE);
        assertThat(unnamed.spec()).isEmpty();
        assertThat(unnamed.filteredOut()).get().asString().contains("proxyInstanceName is not set");
    }

    @Test
    void anotherInstancesScaleToZeroIsNotARemoval() throws Exception {
        Settings settings = settings(Map.of("FILTER_PROXY_INSTANCE_NAME", "true"));
        ServiceRequest request = request(settings, SERVICE + "&replicas=0&proxyInstanceName=other");
        assertThat(request.filteredOut()).isPresent();
        assertThat(request(settings, SERVICE + "&replicas=0&proxyInstanceName=docker-flow").filteredOut()).isEmpty();
    }

    @Test
    void anotherInstancesServiceIsNotCheckedBeyondDfpsBasicValidation() throws Exception {
        Settings settings = settings(Map.of("FILTER_PROXY_INSTANCE_NAME", "true"));
        // balance=fastest would be a 400 here; it is the other proxy's business.
        assertThat(request(settings, SERVICE + "&balance=fastest&proxyInstanceName=other").filteredOut())
                .isPresent();
        assertThatThrownBy(() -> request(settings, "serviceName=api&proxyInstanceName=other&port=80"))
                .isInstanceOf(dev.swarmgate.config.InvalidServiceException.class);
    }

    @Test
    void instanceFilterComparesCaseInsensitivelyAndAbsentIsEmpty() {
        InstanceFilter filter = new InstanceFilter("docker-flow", true);
        assertThat(filter.applies(Optional.of("Docker-Flow"))).isTrue();
        assertThat(filter.applies(Optional.empty())).isFalse();
        assertThat(InstanceFilter.DEFAULTS.applies(Optional.of("anything"))).isTrue();
    }
}
