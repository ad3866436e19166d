package dev.swarmgate.config.dfp;

import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.ServiceSpec;
import dev.swarmgate.config.Settings;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Test shorthand: parse a query with given settings, expecting success or a rejection. */
final class Parsing {

    private Parsing() {
    }

    static ServiceRequest request(String query) throws InvalidServiceException {
        return request(Query.settings(), query);
    }

    static ServiceRequest request(Settings settings, String query) throws InvalidServiceException {
        return new ServiceParameters(settings).parse(Query.of(query));
    }

    static ServiceSpec spec(String query) throws InvalidServiceException {
        return request(query).spec().orElseThrow();
    }

    static InvalidServiceException rejection(String query) {
        return rejection(Query.settings(), query);
    }

    static InvalidServiceException rejection(Settings settings, String query) {
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> request(settings, query)).isInstanceOf(InvalidServiceException.class)
                .satisfies(t -> thrown[0] = t);
        return (InvalidServiceException) thrown[0];
    }
}
