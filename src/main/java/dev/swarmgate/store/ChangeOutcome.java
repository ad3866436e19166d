package dev.swarmgate.store;

import java.util.List;
import java.util.Optional;

/**
 * What a completed store mutation did.
 *
 * @param version            the version now published (unchanged when nothing changed)
 * @param changed            whether a new configuration was published
 * @param persistenceProblem why API state could not be saved, if it could not; the change is live regardless
 * @param refused            services of a {@link ConfigStore#replaceSource whole-set replacement} that were left out,
 *                           one sentence each naming the service and the reason; empty for single changes
 */
public record ChangeOutcome(long version, boolean changed, Optional<String> persistenceProblem, List<String> refused) {

    public ChangeOutcome {
        refused = List.copyOf(refused);
    }

    public ChangeOutcome(long version, boolean changed, Optional<String> persistenceProblem) {
        this(version, changed, persistenceProblem, List.of());
    }
}
