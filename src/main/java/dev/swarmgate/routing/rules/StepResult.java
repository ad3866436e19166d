package dev.swarmgate.routing.rules;

import java.util.concurrent.CompletionStage;

/** What a {@link RequestStep} decided. */
public sealed interface StepResult permits StepResult.Proceed, LocalReply, StepResult.Pending {

    /** Go on with the next step, then to the backend. */
    StepResult PROCEED = Proceed.INSTANCE;

    /** The request goes on. */
    enum Proceed implements StepResult { INSTANCE }

    /**
     * The decision is being worked out off the event loop; {@code result} completes (on any thread) with
     * {@link #PROCEED} or a {@link LocalReply}, never with another pending result.
     */
    record Pending(CompletionStage<StepResult> result) implements StepResult {
    }
}
