package dev.swarmgate.routing.rules;

/** What a response step sees of a response head and may change of it. Header names are case-insensitive. */
public interface ResponseView {

    int status();

    /** The header's last value, or null. */
    String header(CharSequence name);

    void addHeader(CharSequence name, String value);

    void setHeader(CharSequence name, String value);

    void removeHeader(CharSequence name);
}
