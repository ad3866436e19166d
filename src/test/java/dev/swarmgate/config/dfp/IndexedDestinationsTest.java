package dev.swarmgate.config.dfp;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.InvalidServiceException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.swarmgate.config.dfp.Parsing.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class IndexedDestinationsTest {

    @Test
    void unindexedParametersMakeOneDestinationWithIndexZero() throws InvalidServiceException {
        assertThat(spec("serviceName=a&servicePath=/a&port=80").destinations())
                .extracting(Destination::index, Destination::paths, Destination::port)
                .containsExactly(tuple(0, List.of("/a"), 80));
    }

    @Test
    void indexedDestinationsDiscardTheUnindexedOne() throws InvalidServiceException {
        assertThat(spec("serviceName=a&servicePath=/old&port=81&servicePath.1=/new&port.1=80").destinations())
                .extracting(Destination::index, Destination::paths, Destination::port)
                .containsExactly(tuple(1, List.of("/new"), 80));
    }

    @Test
    void indexedDestinationsKeepTheirOrder() throws InvalidServiceException {
        assertThat(spec("serviceName=a&servicePath.1=/x&port.1=80&servicePath.2=/y&port.2=81").destinations())
                .extracting(Destination::index).containsExactly(1, 2);
    }

    @Test
    void gapEndsTheIndexedList() throws InvalidServiceException {
        assertThat(spec("serviceName=a&servicePath.1=/x&port.1=80&servicePath.3=/z&port.3=82").destinations())
                .extracting(Destination::index).containsExactly(1);
    }

    @Test
    void indexedFieldsFallBackToTheUnindexedValue() throws InvalidServiceException {
        assertThat(spec("serviceName=a&servicePath=/x&port.1=80&port.2=81").destinations())
                .extracting(Destination::paths, Destination::port)
                .containsExactly(tuple(List.of("/x"), 80),
                        tuple(List.of("/x"), 81));
    }

    @Test
    void anyMarkerStartsAnIndexedDestination() throws InvalidServiceException {
        assertThat(spec("serviceName=a&port=80&servicePath.1=/p&serviceDomain.2=b.com").destinations())
                .extracting(Destination::index).containsExactly(1, 2);
    }

    @Test
    void nonMarkerIndexedParameterDoesNotStartADestination() throws InvalidServiceException {
        assertThat(spec("serviceName=a&servicePath=/x&port=80&srcPort.1=81").destinations())
                .extracting(Destination::index).containsExactly(0);
    }

    @Test
    void scanningStopsAtIndexTen() throws InvalidServiceException {
        String query = "serviceName=a&servicePath=/x&" + IntStream.rangeClosed(1, 11)
                .mapToObj(i -> "port." + i + "=" + (8000 + i)).collect(Collectors.joining("&"));
        assertThat(spec(query).destinations()).extracting(Destination::index)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());
    }
}
