package dev.swarmgate.it;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh {@link GatewayUnderTest} with the defaults for every test, closed after it:
 * {@code @RegisterExtension final GatewayPerTest proxy = new GatewayPerTest();} then {@code proxy.gateway()}.
 */
final class GatewayPerTest implements BeforeEachCallback, AfterEachCallback {

    private GatewayUnderTest gateway;

    @Override
    public void beforeEach(ExtensionContext context) {
        gateway = GatewayUnderTest.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }

    GatewayUnderTest gateway() {
        if (gateway == null) {
            throw new IllegalStateException("the gateway runs only during a test");
        }
        return gateway;
    }
}
