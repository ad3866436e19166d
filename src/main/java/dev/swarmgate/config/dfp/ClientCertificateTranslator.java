package dev.swarmgate.config.dfp;

import dev.swarmgate.config.ClientCertificateRequirement;
import dev.swarmgate.config.Destination;
import dev.swarmgate.config.InvalidServiceException;
import dev.swarmgate.config.Settings;

import java.util.List;

/**
 * {@code verifyClientSsl=true}: requests without a client certificate verified against {@code CA_FILE} get a 403.
 * Without {@code CA_FILE} no listener asks for a certificate, so the destination refuses everyone, as DFP's
 * {@code ssl_c_used ssl_c_verify 0} did; the request is accepted (failing closed keeps a DFP stack's meaning) and
 * the reply says why every request will be refused.
 */
final class ClientCertificateTranslator implements RuleTranslator {

    @Override
    public void translate(RuleContext context, DestinationParameters destination, DestinationRules into)
            throws InvalidServiceException {
        if (FlagValue.of(destination.get("verifyClientSsl"), context.problem())) {
            into.add(new ClientCertificateRequirement());
        }
    }

    /** What the user should know about the destination's client-certificate requirement (empty when nothing). */
    static List<String> warnings(Settings settings, DestinationParameters parameters, Destination built) {
        boolean required = built.rules().stream().anyMatch(rule -> rule instanceof ClientCertificateRequirement);
        if (!required || settings.tls().caFile().isPresent()) {
            return List.of();
        }
        return List.of(parameters.nameOf("verifyClientSsl") + "=true needs CA_FILE (the CA bundle client certificates"
                + " are verified against); without it no client certificate is asked for, so every request to this"
                + " destination gets 403. Set CA_FILE on the proxy, or remove " + parameters.nameOf("verifyClientSsl"));
    }
}
