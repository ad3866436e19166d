package dev.swarmgate.config;

/** What a listener speaks: HTTP routed by the route table, or raw TCP relayed to one backend. */
public enum ListenerProtocol {
    HTTP, TCP
}
