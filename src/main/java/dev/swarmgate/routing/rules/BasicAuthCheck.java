package dev.swarmgate.routing.rules;

import dev.swarmgate.auth.OffLoopVerifier;
import dev.swarmgate.auth.PasswordCheck;
import dev.swarmgate.auth.PasswordHash;
import dev.swarmgate.auth.PlainPassword;
import dev.swarmgate.auth.VerifiedCredentials;
import dev.swarmgate.config.BasicAuth;
import dev.swarmgate.config.UserCredential;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP basic authentication ({@code users}, global {@code USERS}): a request without the password of one of the
 * users gets a 401 with {@code WWW-Authenticate: Basic realm="<realm>"}; a request with it goes on without its
 * {@code Authorization} header, as Docker Flow Proxy strips it. Clear-text passwords are compared here in constant
 * time; hashes are verified off the event loop ({@link StepResult.Pending}) unless the pair was verified before
 * ({@link VerifiedCredentials}), which answers at once. No users at all locks everybody out.
 */
final class BasicAuthCheck implements RequestStep {

    private static final String AUTHORIZATION = "Authorization";
    /** When too many password checks already wait: the client may try again shortly. */
    private static final LocalReply BUSY = new LocalReply(503, List.of(new LocalReply.Header("Retry-After", "1")),
            null, false);

    private final Map<String, PasswordCheck> users;
    private final LocalReply challenge;
    private final VerifiedCredentials verified;
    private final OffLoopVerifier verifier;

    BasicAuthCheck(BasicAuth auth, VerifiedCredentials verified, OffLoopVerifier verifier) {
        Map<String, PasswordCheck> byName = new HashMap<>();
        for (UserCredential user : auth.users()) {
            // The first entry of a user listed twice wins.
            byName.putIfAbsent(user.user(), PasswordCheck.of(user.password(), user.hashed()));
        }
        this.users = Map.copyOf(byName);
        this.challenge = new LocalReply(401,
                List.of(new LocalReply.Header("WWW-Authenticate", "Basic realm=\"" + auth.realm() + "\"")), null,
                false);
        this.verified = verified;
        this.verifier = verifier;
    }

    static BasicAuthCheck of(BasicAuth auth) {
        return new BasicAuthCheck(auth, VerifiedCredentials.SHARED, OffLoopVerifier.SHARED);
    }

    @Override
    public StepResult apply(RequestView request) {
        BasicCredentials given = BasicCredentials.parse(request.header(AUTHORIZATION));
        if (given == null) {
            return challenge;
        }
        PasswordCheck check = users.get(given.user());
        return switch (check) {
            case null -> challenge;
            case PlainPassword plain -> plain.matches(given.password()) ? accepted(request) : challenge;
            case PasswordHash hash -> verify(request, hash, given.password());
        };
    }

    private StepResult verify(RequestView request, PasswordHash hash, byte[] password) {
        String key = VerifiedCredentials.key(hash, password);
        if (verified.contains(key)) {
            return accepted(request);
        }
        // Removed now, on the event loop: the decision completes on a verifier thread, and a refused request is
        // answered here, never forwarded.
        request.removeHeader(AUTHORIZATION);
        return new StepResult.Pending(verifier.verify(hash, password).handle((matches, failure) -> {
            if (failure != null) {
                return BUSY;
            }
            if (!matches) {
                return challenge;
            }
            verified.add(key);
            return StepResult.PROCEED;
        }));
    }

    private static StepResult accepted(RequestView request) {
        request.removeHeader(AUTHORIZATION);
        return StepResult.PROCEED;
    }
}
