package dev.swarmgate.config.dfp;

/** A parameter value together with the name it was given under ({@code port.2} or {@code port}), for messages. */
record ParameterValue(String name, String value) {

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
