package dev.swarmgate.docker;

import java.util.Map;

/**
 * Where the Docker Engine API listens: a Unix socket path or a TCP host and port. Read from {@code DF_DOCKER_HOST}
 * (Docker Flow Proxy's name, wins when both are set) or {@code DOCKER_HOST}, as the docker CLI spells them.
 */
public record DockerEndpoint(String socketPath, String host, int port) {

    public static final String DEFAULT = "unix:///var/run/docker.sock";
    static final int DEFAULT_TCP_PORT = 2375;

    public DockerEndpoint {
        if ((socketPath == null) == (host == null)) {
            throw new IllegalArgumentException("a Docker endpoint is either a socket path or a host, not both");
        }
    }

    public static DockerEndpoint unix(String socketPath) {
        return new DockerEndpoint(socketPath, null, 0);
    }

    public static DockerEndpoint tcp(String host, int port) {
        return new DockerEndpoint(null, host, port);
    }

    /** {@code DF_DOCKER_HOST}, else {@code DOCKER_HOST}, else {@value #DEFAULT}; blank values count as unset. */
    public static DockerEndpoint fromEnvironment(Map<String, String> env) {
        for (String name : new String[] {"DF_DOCKER_HOST", "DOCKER_HOST"}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                try {
                    return parse(value.strip());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
                }
            }
        }
        return parse(DEFAULT);
    }

    /** Parses {@code unix:///path}, {@code tcp://host[:port]} or {@code http://host[:port]} (port 2375 if absent). */
    public static DockerEndpoint parse(String value) {
        if (value.startsWith("unix://")) {
            String path = value.substring("unix://".length());
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("unix socket needs an absolute path, like " + DEFAULT
                        + " (got " + value + ")");
            }
            return unix(path);
        }
        String rest;
        if (value.startsWith("tcp://")) {
            rest = value.substring("tcp://".length());
        } else if (value.startsWith("http://")) {
            rest = value.substring("http://".length());
        } else {
            throw new IllegalArgumentException("Docker host must be unix:///path or tcp://host:port (got " + value
                    + "; https://, ssh:// and npipe:// are not supported)");
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash);
        }
        String host = rest;
        int port = DEFAULT_TCP_PORT;
        int colon = rest.lastIndexOf(':');
        boolean bracketed = rest.startsWith("[");
        if (colon >= 0 && (!bracketed || colon > rest.indexOf(']'))) {
            host = rest.substring(0, colon);
            String portText = rest.substring(colon + 1);
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("Docker host port must be 1-65535 (got " + value + ")");
            }
        }
        if (bracketed && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("Docker host needs a host name, like tcp://manager1:2375 (got "
                    + value + ")");
        }
        return tcp(host, port);
    }

    public boolean isUnix() {
        return socketPath != null;
    }

    @Override
    public String toString() {
        if (isUnix()) {
            return "unix://" + socketPath;
        }
        return "tcp://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
