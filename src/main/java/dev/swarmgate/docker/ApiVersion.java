package dev.swarmgate.docker;

/** An Engine API version such as 1.41; the client speaks the lower of the engine's and {@link #CLIENT}. */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {

    /** The newest API this client is written against. */
    public static final ApiVersion CLIENT = new ApiVersion(1, 43);
    /** Oldest engine API with the swarm fields we read (Docker 19.03). */
    public static final ApiVersion MINIMUM = new ApiVersion(1, 40);

    public static ApiVersion parse(String text) {
        int dot = text == null ? -1 : text.indexOf('.');
        if (dot < 1) {
            throw new IllegalArgumentException("API version must look like 1.41 (got " + text + ")");
        }
        try {
            return new ApiVersion(Integer.parseInt(text.substring(0, dot)), Integer.parseInt(text.substring(dot + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("API version must look like 1.41 (got " + text + ")", e);
        }
    }

    /** The version both sides speak. */
    public static ApiVersion negotiate(ApiVersion engine) {
        return engine.compareTo(CLIENT) < 0 ? engine : CLIENT;
    }

    @Override
    public int compareTo(ApiVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    /** The path prefix, {@code /v1.41}. */
    public String pathPrefix() {
        return "/v" + this;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
