package dev.swarmgate.config;

/**
 * One thing a destination does to the HTTP requests it takes or the responses it returns, beyond routing them:
 * redirects, access control, authentication, rewrites, header edits, compression. A destination holds its rules in
 * the order they run; {@code config.dfp} translates each Docker Flow Proxy parameter family into these records and
 * {@code routing.Compiler} turns them into ready steps on the route.
 */
public sealed interface HttpRule
        permits DomainRedirect, HttpsRedirect, MethodFilter, PlainHttpDenial, ClientCertificateRequirement, BasicAuth,
        AuthExemption, PathRewrite, HeaderEdit, Compression {
}
