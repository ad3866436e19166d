package dev.swarmgate.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/**
 * An {@link Nginx} backend shared by the tests of one class: started before the first, stopped after the last.
 * {@code @RegisterExtension static final NginxBackend a = new NginxBackend("a");}
 */
public final class NginxBackend implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<Nginx> starter;
    private Nginx nginx;

    /** A plain backend (see {@link Nginx#start(String)}). */
    public NginxBackend(String name) {
        this(() -> Nginx.start(name));
    }

    /** A backend built another way, e.g. {@code () -> Nginx.builder("n").location(...).start()}. */
    public NginxBackend(Supplier<Nginx> starter) {
        this.starter = starter;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        nginx = starter.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (nginx != null) {
            nginx.close();
            nginx = null;
        }
    }

    public int port() {
        return nginx.port();
    }

    public String accessLog() {
        return nginx.accessLog();
    }
}
