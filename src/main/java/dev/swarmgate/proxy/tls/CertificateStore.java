package dev.swarmgate.proxy.tls;

import dev.swarmgate.config.CertificateFile;
import dev.swarmgate.config.Settings;
import dev.swarmgate.config.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Every certificate the proxy serves, from the certificates directory ({@code CERTS_DIR}, default /certs), the
 * Docker secrets named {@code cert-*} / {@code cert_*}, and uploads ({@code PUT /cert}, {@code serviceCert}, copies
 * from peers). Uploads are written to the certificates directory, as Docker Flow Proxy did, and under
 * {@code STATE_DIR/certs}, so they survive a restart without a volume on /certs. A file that does not read into a
 * certificate is logged and skipped, and never replaces a good certificate of the same name. After every change the
 * new immutable {@link CertificateSet} goes to the subscribers (the TLS listeners). All work (disk, parsing) runs on
 * one thread of its own, never on an event loop, one change at a time.
 */
public final class CertificateStore implements AutoCloseable {

    /** The directory under {@code STATE_DIR} that keeps a copy of every upload. */
    public static final String STATE_SUBDIRECTORY = "certs";

    private static final Logger LOG = LoggerFactory.getLogger(CertificateStore.class);

    private final PemDirectory certsDir;
    private final PemDirectory secretsDir;
    private final Optional<PemDirectory> uploadsCopy;
    private final List<Pattern> preferred;
    private final Clock clock;
    private final ExecutorService thread;
    private final List<Consumer<CertificateSet>> subscribers = new CopyOnWriteArrayList<>();

    /** Directory and uploaded certificates by name; used on the store thread only. */
    private final Map<String, ServerCertificate> files = new TreeMap<>();
    /** Secrets by name; used on the store thread only. */
    private final Map<String, ServerCertificate> secrets = new TreeMap<>();
    /** The text of files last refused, so a rescan does not log the same refusal again; store thread only. */
    private final Map<String, String> refused = new HashMap<>();
    private volatile CertificateSet current = CertificateSet.EMPTY;

    /**
     * @param certsDir   the certificates directory, read and written
     * @param secretsDir where Docker mounts secrets; only {@code cert-*} / {@code cert_*} files are read
     * @param stateDir   where uploads are kept across restarts (in {@value #STATE_SUBDIRECTORY}), if anywhere
     * @param preferred  {@code PREFERRED_CERTIFICATE} globs ({@code *} for any text)
     */
    public CertificateStore(Path certsDir, Path secretsDir, Optional<Path> stateDir, List<String> preferred,
                            Clock clock) {
        this.certsDir = new PemDirectory(certsDir);
        this.secretsDir = new PemDirectory(secretsDir);
        this.uploadsCopy = stateDir.map(dir -> new PemDirectory(dir.resolve(STATE_SUBDIRECTORY)));
        this.preferred = preferred.stream().map(CertificateStore::glob).toList();
        this.clock = clock;
        this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("certificates").daemon().factory());
    }

    /** A store for the proxy's settings: {@code CERTS_DIR}, the secrets directory, {@code STATE_DIR}. */
    public static CertificateStore of(Settings settings) {
        TlsSettings tls = settings.tls();
        return new CertificateStore(tls.certsDir(), settings.secretsDir(), settings.stateDir(),
                tls.preferredCertificates(), Clock.systemUTC());
    }

    /** Receives every new set, on the store's thread; call {@link #load()} after subscribing to get the first. */
    public void subscribe(Consumer<CertificateSet> subscriber) {
        subscribers.add(subscriber);
    }

    /** The set served now. */
    public CertificateSet current() {
        return current;
    }

    public Path certsDir() {
        return certsDir.path();
    }

    /**
     * Reads every source and publishes the first set (also when it is empty); blocks until done, so call it at
     * start, before the listeners bind. An upload kept under {@code STATE_DIR} that the certificates directory lacks
     * is written back there; when both hold a file of the same name, the certificates directory's wins (it is the
     * operator's).
     */
    public CertificateSet load() {
        return onThread(() -> {
            certsDir.removeLeftovers();
            uploadsCopy.ifPresent(PemDirectory::removeLeftovers);
            for (PemDirectory.PemFile kept : uploadsCopy.map(dir -> dir.read(name -> true)).orElse(List.of())) {
                if (certsDir.holds(kept.name())) {
                    continue; // read below with the directory
                }
                accept(kept.name(), CertificateSource.API, kept.text(), "kept upload " + kept.name())
                        .ifPresent(certificate -> {
                            files.put(certificate.name(), certificate);
                            try {
                                certsDir.write(kept.name(), kept.text());
                            } catch (IOException | RuntimeException e) {
                                LOG.warn("Certificate {} (kept under STATE_DIR) could not be written back to {}: {};"
                                        + " it is served anyway", kept.name(), certsDir.path(), e.toString());
                            }
                        });
            }
            rescanNow();
            publish();
            LOG.info("Serving {} certificate(s) from {}, secrets cert-*/cert_* in {}{}", current.certificates().size(),
                    certsDir.path(), secretsDir.path(), current.isEmpty() ? "" : "; the default (first) is "
                            + current.certificates().getFirst().name());
            return current;
        }).join();
    }

    /**
     * Reads the certificates directory and the secrets again: new and changed files are taken when they read into a
     * certificate; a file that vanished from the directory is dropped unless it was uploaded (kept under STATE_DIR).
     */
    public CompletableFuture<CertificateSet> rescan() {
        return onThread(() -> {
            rescanNow();
            publish();
            return current;
        });
    }

    /**
     * Validates and stores an upload ({@code PUT /cert}); a new certificate of that name replaces the old one for new
     * handshakes once the future completes. Fails with an {@link InvalidCertificateException} (wrapped in a
     * {@link CompletionException}) when the text does not read into a certificate, and then changes nothing.
     */
    public CompletableFuture<CertificateChange> put(CertificateFile upload) {
        return onThread(() -> {
            ServerCertificate certificate;
            try {
                certificate = PemBundle.parse(upload.name(), CertificateSource.API, upload.pem());
            } catch (InvalidCertificateException e) {
                throw new CompletionException(e);
            }
            warnIfNotValidNow(certificate);
            rescanNow(); // the directory may have changed since the last look
            Optional<String> problem = persist(upload);
            files.put(certificate.name(), certificate);
            refused.remove(certificate.name());
            publish();
            LOG.info("Certificate {} stored ({}), serving {} certificate(s)", certificate.name(),
                    certificate.serverNames(), current.certificates().size());
            return new CertificateChange(certificate, problem);
        });
    }

    /**
     * Whether an upload reads into a certificate, without storing it (a {@code distribute=true} upload is checked
     * here before it goes to every replica). Fails as {@link #put} does.
     */
    public CompletableFuture<ServerCertificate> check(CertificateFile upload) {
        return onThread(() -> {
            try {
                return PemBundle.parse(upload.name(), CertificateSource.API, upload.pem());
            } catch (InvalidCertificateException e) {
                throw new CompletionException(e);
            }
        });
    }

    /**
     * Stores several uploads (a peer's certificates, the {@code serviceCert}s of services): each that reads into a
     * certificate is stored as by {@link #put}, each that does not is logged with the reason and skipped; the
     * directories are read again first, and one set is published at the end if anything changed. Never fails.
     *
     * @param from who sent them, for the log ("replica 10.0.0.5", "serviceCert of go-demo")
     */
    public CompletableFuture<CertificateSet> putAll(List<CertificateFile> uploads, String from) {
        List<CertificateFile> copy = List.copyOf(uploads);
        return onThread(() -> {
            rescanNow(); // as DFP, which listed /certs again at every configuration change
            for (CertificateFile upload : copy) {
                ServerCertificate held = files.get(upload.name());
                if (held != null && held.pem().equals(upload.pem())) {
                    continue;
                }
                Optional<ServerCertificate> certificate = accept(upload.name(), CertificateSource.API, upload.pem(),
                        upload.name() + " from " + from);
                if (certificate.isPresent()) {
                    persist(upload);
                    files.put(upload.name(), certificate.get());
                    LOG.info("Certificate {} stored from {} ({})", upload.name(), from,
                            certificate.get().serverNames());
                }
            }
            publish(); // only a changed set reaches the subscribers
            return current;
        });
    }

    /** The certificates a peer may copy, in serving order: all but secrets (as DFP's {@code GET /certs}). */
    public List<ServerCertificate> shareable() {
        return current.certificates().stream().filter(c -> c.source() != CertificateSource.SECRET).toList();
    }

    /** Writes an upload to the certificates directory and under STATE_DIR; what could not be written, if anything. */
    private Optional<String> persist(CertificateFile upload) {
        List<String> problems = new ArrayList<>();
        boolean kept = false;
        try {
            certsDir.write(upload.name(), upload.pem());
            kept = true;
        } catch (IOException | RuntimeException e) {
            problems.add("it could not be written to " + certsDir.path() + " (" + e + ")");
        }
        if (uploadsCopy.isPresent()) {
            try {
                uploadsCopy.get().write(upload.name(), upload.pem());
                kept = true;
            } catch (IOException | RuntimeException e) {
                problems.add("it could not be written to " + uploadsCopy.get().path() + " (" + e + ")");
            }
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        String problem = "certificate " + upload.name() + " is served, but " + String.join(" and ", problems)
                + (kept ? "" : "; it will be lost on restart");
        LOG.error("{}", problem);
        return Optional.of(problem);
    }

    /** Store thread: brings {@link #files} and {@link #secrets} in line with the two directories. */
    private void rescanNow() {
        Map<String, String> seen = new HashMap<>();
        for (PemDirectory.PemFile file : certsDir.read(name -> true)) {
            seen.put(file.name(), file.text());
            ServerCertificate held = files.get(file.name());
            if (held != null && held.pem().equals(file.text())) {
                continue;
            }
            CertificateSource source = uploadsCopy.filter(dir -> dir.holds(file.name())).isPresent()
                    ? CertificateSource.API : CertificateSource.DIRECTORY;
            accept(file.name(), source, file.text(), "file " + certsDir.path().resolve(file.name()))
                    .ifPresent(certificate -> files.put(file.name(), certificate));
        }
        files.values().removeIf(held -> held.source() == CertificateSource.DIRECTORY && !seen.containsKey(held.name()));
        Map<String, ServerCertificate> before = new HashMap<>(secrets);
        secrets.clear();
        for (PemDirectory.PemFile file : secretsDir.read(CertificateStore::isCertificateSecret)) {
            if (files.containsKey(file.name())) {
                LOG.warn("Secret {} is not served: a certificate file of the same name in {} is", file.name(),
                        certsDir.path());
                continue;
            }
            ServerCertificate held = before.get(file.name());
            if (held != null && held.pem().equals(file.text())) {
                secrets.put(file.name(), held);
                continue;
            }
            accept(file.name(), CertificateSource.SECRET, file.text(), "secret " + file.name())
                    .or(() -> Optional.ofNullable(held)) // a bad new version keeps the good old one
                    .ifPresent(certificate -> secrets.put(file.name(), certificate));
        }
    }

    /** Docker secrets that are certificates: {@code cert-*} or {@code cert_*}, the prefix in any case. */
    static boolean isCertificateSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("cert-") || lower.startsWith("cert_");
    }

    /** Parses a file; a refusal is logged (once per text) and is empty. */
    private Optional<ServerCertificate> accept(String name, CertificateSource source, String text, String what) {
        try {
            ServerCertificate certificate = PemBundle.parse(name, source, text);
            refused.remove(name);
            warnIfNotValidNow(certificate);
            return Optional.of(certificate);
        } catch (InvalidCertificateException e) {
            if (!text.equals(refused.put(name, text))) {
                boolean replaces = files.containsKey(name) || secrets.containsKey(name);
                LOG.error("Certificate {} is skipped{}: {}", what, replaces
                        ? " and the certificate served under that name stays" : "", e.getMessage());
            }
            return Optional.empty();
        }
    }

    /** An expired (or not yet valid) certificate is served, as HAProxy does, but the operator hears of it. */
    private void warnIfNotValidNow(ServerCertificate certificate) {
        Instant now = clock.instant();
        if (certificate.leaf().getNotAfter().toInstant().isBefore(now)) {
            LOG.warn("Certificate {} ({}) expired on {}; it is served anyway, but clients will refuse it: replace it",
                    certificate.name(), certificate.serverNames(), certificate.leaf().getNotAfter().toInstant());
        } else if (certificate.leaf().getNotBefore().toInstant().isAfter(now)) {
            LOG.warn("Certificate {} ({}) is not valid before {}; it is served anyway, but clients will refuse it"
                    + " until then", certificate.name(), certificate.serverNames(),
                    certificate.leaf().getNotBefore().toInstant());
        }
    }

    /** Store thread: orders the certificates, and hands a changed set to the subscribers. */
    private void publish() {
        List<ServerCertificate> base = new ArrayList<>(files.values());
        base.addAll(secrets.values());
        List<ServerCertificate> ordered = new ArrayList<>();
        for (Pattern glob : preferred) {
            for (ServerCertificate certificate : base) {
                if (!ordered.contains(certificate) && matches(glob, certificate)) {
                    ordered.add(certificate);
                }
            }
        }
        for (ServerCertificate certificate : base) {
            if (!ordered.contains(certificate)) {
                ordered.add(certificate);
            }
        }
        CertificateSet next = new CertificateSet(ordered);
        boolean first = current == CertificateSet.EMPTY && next.isEmpty();
        if (next.equals(current) && !first) {
            return;
        }
        current = next;
        for (Consumer<CertificateSet> subscriber : subscribers) {
            try {
                subscriber.accept(next);
            } catch (RuntimeException e) {
                LOG.error("A certificate subscriber failed to take {} certificate(s): {}", next.certificates().size(),
                        e.toString(), e);
            }
        }
    }

    /** A glob matches the certificate's name, or its path when the glob holds a {@code /}. */
    private boolean matches(Pattern glob, ServerCertificate certificate) {
        String name = certificate.name();
        if (glob.pattern().contains("/")) {
            Path dir = certificate.source() == CertificateSource.SECRET ? secretsDir.path() : certsDir.path();
            return glob.matcher(dir.resolve(name).toString()).matches();
        }
        return glob.matcher(name).matches();
    }

    /** {@code *} any text, {@code ?} one character, everything else literally. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString());
    }


    private <T> CompletableFuture<T> onThread(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, thread);
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
