package dev.swarmgate.testing;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for tests, made by Netty's pkitesting: combined PEMs as users hand them to DFP (certificate + key
 * [+ chain]), and the traditional key formats (PKCS#1, SEC1) and encrypted keys made by the real {@code openssl}.
 */
public final class TestCertificates {

    private static final Duration OPENSSL_TIMEOUT = Duration.ofSeconds(20);

    private TestCertificates() {
    }

    /** A self-signed RSA 2048 certificate for these DNS names (the first is also the CN). */
    public static X509Bundle rsa(String... names) {
        return build(new CertificateBuilder().rsa2048(), names);
    }

    /** A self-signed EC P-256 certificate for these DNS names (the first is also the CN). */
    public static X509Bundle ec(String... names) {
        return build(new CertificateBuilder().ecp256(), names);
    }

    /** An EC certificate that expired yesterday. */
    public static X509Bundle expired(String name) {
        return build(new CertificateBuilder().ecp256().notBefore(Instant.now().minus(Duration.ofDays(30)))
                .notAfter(Instant.now().minus(Duration.ofDays(1))), name);
    }

    /** A certificate with only a CN, no subjectAltName. */
    public static X509Bundle commonNameOnly(String cn) {
        try {
            return new CertificateBuilder().ecp256().subject("CN=" + cn).setIsCertificateAuthority(true)
                    .buildSelfSigned();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A root CA, an intermediate it issued, and a leaf the intermediate issued: [leaf, intermediate, root]. */
    public static List<X509Bundle> chain(String name) {
        try {
            X509Bundle root = new CertificateBuilder().ecp256().subject("CN=Test Root").setIsCertificateAuthority(true)
                    .buildSelfSigned();
            X509Bundle intermediate = new CertificateBuilder().ecp256().subject("CN=Test Intermediate")
                    .setIsCertificateAuthority(true).buildIssuedBy(root);
            X509Bundle leaf = new CertificateBuilder().ecp256().subject("CN=" + name).addSanDnsName(name)
                    .buildIssuedBy(intermediate);
            return List.of(leaf, intermediate, root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Bundle build(CertificateBuilder builder, String... names) {
        builder.subject("CN=" + names[0]).setIsCertificateAuthority(true);
        for (String name : names) {
            builder.addSanDnsName(name);
        }
        try {
            return builder.buildSelfSigned();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A self-signed EC certificate made by {@code openssl req} for these subjectAltName DNS names (wildcards allowed),
     * as a combined PEM: certificate, then the PKCS#8 key.
     */
    public static String opensslSelfSigned(String cn, String... dnsNames) {
        try {
            Path dir = Files.createTempDirectory("swarmgate-openssl-");
            try {
                Path key = dir.resolve("key.pem");
                Path cert = dir.resolve("cert.pem");
                List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", "ec",
                        "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out",
                        cert.toString(), "-days", "2", "-subj", "/CN=" + cn));
                if (dnsNames.length > 0) {
                    command.addAll(List.of("-addext", "subjectAltName=" + String.join(",",
                            java.util.Arrays.stream(dnsNames).map(name -> "DNS:" + name).toList())));
                }
                run(command, "");
                return Files.readString(cert) + Files.readString(key);
            } finally {
                try (var paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Certificate then PKCS#8 key, as most guides concatenate them. */
    public static String combined(X509Bundle bundle) {
        return bundle.getCertificatePEM() + bundle.getPrivateKeyPEM();
    }

    /** The PEM of the certificate alone. */
    public static String certificatePem(X509Bundle bundle) {
        return bundle.getCertificatePEM();
    }

    /** The key in OpenSSL's traditional format (PKCS#1 {@code RSA PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY}). */
    public static String traditionalKey(X509Bundle bundle) {
        return openssl(bundle.getPrivateKeyPEM(), "pkey", "-traditional");
    }

    /** The key as a passphrase-encrypted PKCS#8 ({@code ENCRYPTED PRIVATE KEY}). */
    public static String encryptedKey(X509Bundle bundle) {
        return openssl(bundle.getPrivateKeyPEM(), "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-passout", "pass:secret");
    }

    /** The key in the traditional format, encrypted ({@code Proc-Type: 4,ENCRYPTED}). */
    public static String encryptedTraditionalKey(X509Bundle bundle) {
        return openssl(bundle.getPrivateKeyPEM(), "pkey", "-traditional", "-aes256", "-passout", "pass:secret");
    }

    private static String openssl(String input, String... arguments) {
        try {
            Path in = Files.createTempFile("swarmgate-key-", ".pem");
            try {
                Files.writeString(in, input);
                List<String> command = new ArrayList<>(List.of("openssl"));
                command.addAll(List.of(arguments));
                command.addAll(List.of("-in", in.toString()));
                return run(command, input);
            } finally {
                Files.deleteIfExists(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(List<String> command, String ignoredInput) throws IOException {
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                "/dev/null"))).start();
        try {
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(OPENSSL_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + err);
            }
            return new String(out, StandardCharsets.US_ASCII);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            process.destroyForcibly();
        }
    }
}
