package dev.swarmgate.config.dfp;

import java.util.ArrayList;
import java.util.List;

/**
 * Which destinations a request defines (dfp-compat §2.1): indexes 1..10 are scanned and the first index with none of
 * {@code servicePath.N}, {@code port.N}, {@code serviceDomain.N}, {@code httpsPort.N} ends the list; when any indexed
 * destination exists the un-indexed one is discarded, otherwise the un-indexed one is the only destination.
 */
final class IndexedDestinations {

    static final int MAX_INDEX = 10;

    /** The parameters whose {@code .N} form makes destination N exist. */
    static final List<String> MARKERS = List.of("servicePath", "port", "serviceDomain", "httpsPort");

    private IndexedDestinations() {
    }

    static List<DestinationParameters> of(ParameterView view) {
        List<DestinationParameters> indexed = new ArrayList<>();
        for (int index = 1; index <= MAX_INDEX; index++) {
            if (!hasMarker(view, index)) {
                break;
            }
            indexed.add(new DestinationParameters(index, view));
        }
        return indexed.isEmpty() ? List.of(new DestinationParameters(0, view)) : List.copyOf(indexed);
    }

    private static boolean hasMarker(ParameterView view, int index) {
        return MARKERS.stream().anyMatch(marker -> view.exact(marker + "." + index).isPresent());
    }
}
