package dev.swarmgate.routing.rules;

/** A compiled response rule: runs on the response head before it is sent to the client. Immutable and shared. */
public interface ResponseStep {

    void apply(RequestView request, ResponseView response);
}
