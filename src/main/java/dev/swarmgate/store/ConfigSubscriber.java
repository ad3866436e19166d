package dev.swarmgate.store;

import java.util.concurrent.CompletionStage;

/**
 * Receives every published configuration. The returned stage completes when the configuration is in effect (for the
 * gateway: when its listeners are bound); a failed stage makes the store roll the change back.
 */
@FunctionalInterface
public interface ConfigSubscriber {

    CompletionStage<?> publish(PublishedConfig published);
}
