package dev.swarmgate.config.dfp;

import dev.swarmgate.config.Destination;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.ReqMode;

import java.util.List;

/** Every {@link RuleTranslator}, run in turn on each HTTP destination of a service. */
final class RuleTranslators {

    private static final List<RuleTranslator> ALL = List.of(
            new HeaderRoutingTranslator(),
            new AccessTranslator(),
            new ClientCertificateTranslator(),
            new RedirectTranslator(),
            new AuthenticationParameters(),
            new PathRewriteTranslator(),
            new HeaderEditTranslator(),
            new CompressionParameters()
    );

    private RuleTranslators() {
    }

    /** The destination with the rules and conditions its parameters ask for (TCP destinations have none). */
    static Destination apply(RuleContext context, DestinationParameters parameters, Destination built)
            throws InvalidServiceException {
        if (built.reqMode() != ReqMode.HTTP) {
            return built;
        }
        DestinationRules rules = new DestinationRules();
        for (RuleTranslator translator : ALL) {
            translator.translate(context, parameters, rules);
        }
        return built.with(rules.conditions(), rules.rules());
    }
}
