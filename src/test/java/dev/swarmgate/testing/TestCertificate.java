package dev.swarmgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate made by Debian's {@code openssl} for the given DNS names (the first is the CN), with its
 * key (ECDSA P-256) in separate PEM files and together in one combined PEM (certificate then key), the form Docker
 * Flow Proxy users keep in {@code /certs} and in {@code cert-*} secrets. Trusting {@link #certificate()} as a CA
 * verifies a connection that presents it.
 */
public record TestCertificate(Path certificate, Path key, Path combined) {

    /** Makes one in {@code dir} (files named after the first name). */
    public static TestCertificate make(Path dir, String... names) {
        String first = names[0];
        Path cert = dir.resolve(first + ".crt");
        Path key = dir.resolve(first + ".key");
        Path combined = dir.resolve(first + ".pem");
        List<String> san = new ArrayList<>();
        for (String name : names) {
            san.add("DNS:" + name);
        }
        List<String> command = List.of("openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=" + first,
                "-addext", "subjectAltName=" + String.join(",", san), "-keyout", key.toString(),
                "-out", cert.toString());
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl could not make a certificate: " + command);
            }
            Files.writeString(combined, Files.readString(cert) + Files.readString(key));
            return new TestCertificate(cert, key, combined);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The combined PEM's text. */
    public String pem() {
        try {
            return Files.readString(combined);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
