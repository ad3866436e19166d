package dev.swarmgate.routing.rules;

/**
 * A compiled request rule: runs on the request head after routing and before a backend is picked. It changes the
 * request and lets it {@link StepResult#PROCEED}, answers it itself ({@link LocalReply}), or answers later
 * ({@link StepResult.Pending}, for work that must not run on an event loop, such as hashing a password).
 * Steps are immutable and shared by every request of the route; anything they keep (a cache) is thread-safe.
 */
public interface RequestStep {

    StepResult apply(RequestView request);
}
