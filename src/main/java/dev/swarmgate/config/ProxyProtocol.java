package dev.swarmgate.config;

/** Whether a PROXY protocol header is sent to the backend first, and which version (parameter {@code sendProxy}). */
public enum ProxyProtocol {
    NONE, V1, V2
}
