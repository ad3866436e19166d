package dev.swarmgate.store;

import java.util.Optional;

/**
 * What a completed store mutation did.
 *
 * @param version            the version now published (unchanged when nothing changed)
 * @param changed            whether a new configuration was published
 * @param persistenceProblem why API state could not be saved, if it could not; the change is live regardless
 */
public record ChangeOutcome(long version, boolean changed, Optional<String> persistenceProblem) {
}
