package dev.swarmgate.proxy.tls;

import dev.swarmgate.config.CertificateCheck;
import dev.swarmgate.config.CertificateFile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link CertificateCheck} by {@link PemBundle}: whether a {@code serviceCert} reads into a serving certificate. The
 * swarm watcher parses every service again at each reconciliation, so recent verdicts are remembered by PEM text
 * rather than parsing the same keys again and again.
 */
public final class PemCheck implements CertificateCheck {

    private static final int REMEMBERED = 64;

    private final Map<String, Optional<String>> verdicts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<String>> eldest) {
            return size() > REMEMBERED;
        }
    };

    @Override
    public Optional<String> problem(CertificateFile file) {
        synchronized (verdicts) {
            Optional<String> known = verdicts.get(file.pem());
            if (known != null) {
                return known;
            }
        }
        Optional<String> verdict;
        try {
            PemBundle.parse(file.name(), CertificateSource.API, file.pem());
            verdict = Optional.empty();
        } catch (InvalidCertificateException e) {
            verdict = Optional.of(e.getMessage());
        }
        synchronized (verdicts) {
            verdicts.put(file.pem(), verdict);
        }
        return verdict;
    }
}
