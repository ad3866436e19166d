package dev.swarmgate.upstream;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class TaskAddressBookTest {

    private static final InetAddress A = address("10.0.1.5");
    private static final InetAddress B = address("10.0.1.6");
    private static final InetAddress FROM_DNS = address("192.0.2.1");

    private final List<String> askedDns = new CopyOnWriteArrayList<>();
    private final TaskAddressBook book = new TaskAddressBook(host -> {
        askedDns.add(host);
        return CompletableFuture.completedFuture(List.of(FROM_DNS));
    });

    @Test
    void answersTasksLookupsForKnownServicesAndLeavesEverythingElseToDns() {
        book.replace(Map.of("web", List.of(A, B)));

        assertThat(book.resolve("tasks.web").join()).containsExactly(A, B);
        assertThat(book.resolve("web").join()).containsExactly(FROM_DNS);
        assertThat(book.resolve("tasks.other").join()).containsExactly(FROM_DNS);
        assertThat(askedDns).containsExactly("web", "tasks.other");
    }

    @Test
    void aKnownServiceWithoutRunningTasksHasNoAddressRatherThanWhatDnsStillSays() {
        book.replace(Map.of("web", List.of()));

        assertThat(book.resolve("tasks.web").join()).isEmpty();
        assertThat(askedDns).isEmpty();
    }

    @Test
    void tellsWhichNamesChanged() {
        List<Set<String>> changes = new CopyOnWriteArrayList<>();
        book.onChange(changes::add);

        book.replace(Map.of("web", List.of(A), "api", List.of(B)));
        book.replace(Map.of("web", List.of(A, B), "api", List.of(B)));
        book.replace(Map.of("web", List.of(A, B), "api", List.of(B)));
        book.replace(Map.of("web", List.of(A, B)));

        assertThat(changes).containsExactly(Set.of("web", "api"), Set.of("web"), Set.of("api"));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
