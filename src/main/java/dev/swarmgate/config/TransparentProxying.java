package dev.swarmgate.config;

import java.util.Optional;

/**
 * The proxy-wide side of transparent proxying: the default of destinations that do not say ({@code TRANSPARENT}),
 * and why this proxy cannot do it at all when it cannot (no native epoll transport), so such destinations are refused
 * instead of silently connecting from the proxy's own address.
 *
 * @param byDefault   what a destination without {@code transparent} gets
 * @param unavailable why backend connections cannot bind a client's address here, empty when they can
 */
public record TransparentProxying(Transparency byDefault, Optional<String> unavailable) {

    /** Off by default, available as far as the configuration knows (the runtime says otherwise when it must). */
    public static final TransparentProxying DEFAULTS = new TransparentProxying(Transparency.OFF, Optional.empty());

    public TransparentProxying {
        if (byDefault == null) {
            byDefault = Transparency.OFF;
        }
        if (unavailable == null) {
            unavailable = Optional.empty();
        }
    }

    /** These settings on a runtime that cannot bind a client's address, for {@code reason}. */
    public TransparentProxying unavailableBecause(String reason) {
        return new TransparentProxying(byDefault, Optional.of(reason));
    }
}
