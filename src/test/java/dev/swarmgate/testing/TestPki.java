package dev.swarmgate.testing;

import dev.swarmgate.proxy.tls.CertificateSource;
import dev.swarmgate.proxy.tls.ServerCertificate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Test certificates made by Debian's {@code openssl} command in a directory of the test's own: a CA, server
 * certificates (wildcards included, which netty-pkitesting cannot issue) and client certificates, each as PEM files
 * and, for servers, as the {@link ServerCertificate} the TLS listeners take. EC P-256 keys, valid for two days.
 */
public final class TestPki {

    /** A key and certificate on disk. */
    public record Issued(Path certificate, Path key) {

        /** Certificate then key, as one combined PEM (Docker Flow Proxy's format). */
        public String combinedPem() {
            try {
                return Files.readString(certificate) + Files.readString(key);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public X509Certificate x509() {
            return readCertificates(certificate).getFirst();
        }
    }

    private final Path dir;
    private final Issued ca;
    private int serial;

    private TestPki(Path dir) {
        this.dir = dir;
        this.ca = run("ca", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-subj", "/CN=Swarmgate Test CA", "-days", "2", "-addext", "basicConstraints=critical,CA:true",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    /** A new CA in {@code dir} (which must exist). */
    public static TestPki in(Path dir) {
        return new TestPki(dir);
    }

    public Issued ca() {
        return ca;
    }

    /**
     * A server certificate signed by the CA, for {@code names} (the first is also the CN; a name may be a wildcard
     * such as {@code *.example.test}).
     */
    public Issued server(String... names) {
        List<String> san = new ArrayList<>();
        for (String name : names) {
            san.add("DNS:" + name);
        }
        return signed("/CN=" + names[0], "subjectAltName=" + String.join(",", san), "extendedKeyUsage=serverAuth");
    }

    /** A client certificate signed by the CA. */
    public Issued client(String commonName) {
        return signed("/CN=" + commonName, "extendedKeyUsage=clientAuth", "keyUsage=digitalSignature");
    }

    /** A self-signed client certificate no CA vouches for. */
    public Issued selfSignedClient(String commonName) {
        return run("self-" + (++serial), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-subj", "/CN=" + commonName, "-days", "2");
    }

    /** {@code issued} as the listeners take it, named {@code name}, answering for {@code names}. */
    public static ServerCertificate serverCertificate(String name, Issued issued, String... names) {
        List<X509Certificate> chain = readCertificates(issued.certificate());
        return new ServerCertificate(name, CertificateSource.API, chain, readKey(issued.key()),
                List.of(names).stream().map(n -> n.toLowerCase(Locale.ROOT)).toList(), issued.combinedPem());
    }

    private Issued signed(String subject, String... extensions) {
        String id = "cert-" + (++serial);
        Path csr = dir.resolve(id + ".csr");
        Path key = dir.resolve(id + ".key");
        Path cert = dir.resolve(id + ".pem");
        exec("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", subject,
                "-keyout", key.toString(), "-out", csr.toString());
        Path ext = dir.resolve(id + ".ext");
        try {
            Files.writeString(ext, String.join("\n", extensions) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exec("x509", "-req", "-in", csr.toString(), "-CA", ca.certificate().toString(), "-CAkey",
                ca.key().toString(), "-set_serial", String.valueOf(1000 + serial), "-days", "2", "-extfile",
                ext.toString(), "-out", cert.toString());
        return new Issued(cert, key);
    }

    private Issued run(String id, String... args) {
        Path key = dir.resolve(id + ".key");
        Path cert = dir.resolve(id + ".pem");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-keyout", key.toString(), "-out", cert.toString()));
        exec(all.toArray(String[]::new));
        return new Issued(cert, key);
    }

    private static void exec(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            CompletableFuture<String> output = StreamText.readAll(process.getInputStream());
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl did not finish: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("openssl failed: " + command + "\n" + output.join());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<X509Certificate> readCertificates(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pem, e);
        }
    }

    private static PrivateKey readKey(Path pem) {
        try {
            String text = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                    .decode(text)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the PKCS#8 EC key " + pem, e);
        }
    }
}
