package dev.swarmgate.proxy.tls;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one combined PEM, as Docker Flow Proxy and HAProxy take it (certificate, private key and chain in any order
 * of blocks), into a {@link ServerCertificate}, with the JDK alone. Keys may be PKCS#8 ({@code PRIVATE KEY}), PKCS#1
 * ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}). The leaf is the certificate whose public key matches
 * the private key; the others follow as its chain. Anything that would not serve is refused with an
 * {@link InvalidCertificateException} saying what and how to fix it; no message quotes key material.
 */
public final class PemBundle {

    private static final String RSA_OID = "1.2.840.113549.1.1.1";
    private static final byte[] RSA_ALGORITHM = DerReader.encode(DerReader.SEQUENCE,
            DerReader.encode(DerReader.OID, new byte[]{0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01,
                    0x01, 0x01}),
            DerReader.encode(DerReader.NULL));
    /** id-ecPublicKey, 1.2.840.10045.2.1 */
    private static final byte[] EC_PUBLIC_KEY_OID = DerReader.encode(DerReader.OID,
            new byte[]{0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01});
    private static final byte[] VERSION_0 = DerReader.encode(DerReader.INTEGER, new byte[]{0});
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA");
    private static final byte[] PROBE = "swarmgate key check".getBytes(StandardCharsets.US_ASCII);
    private static final String FIX = "; a certificate file is one PEM text with the server certificate, its private"
            + " key (unencrypted) and any intermediate certificates, e.g. cat example.com.crt example.com.key"
            + " intermediate.crt > example.com.pem";

    private PemBundle() {
    }

    /**
     * @param name   the file or secret name, used in messages and as {@link ServerCertificate#name()}
     * @param source where the text came from
     * @throws InvalidCertificateException saying what is wrong: empty, no certificate, no key, an encrypted key,
     *                                     bad base64 or DER, several keys, or a key that matches no certificate
     */
    public static ServerCertificate parse(String name, CertificateSource source, String pem)
            throws InvalidCertificateException {
        if (pem == null || pem.isBlank()) {
            throw new InvalidCertificateException("certificate " + name + " is empty" + FIX);
        }
        List<PemBlock> blocks = PemBlock.all(name, pem);
        List<X509Certificate> certificates = new ArrayList<>();
        List<PemBlock> keys = new ArrayList<>();
        for (PemBlock block : blocks) {
            switch (block.type()) {
                case "CERTIFICATE", "X509 CERTIFICATE" -> certificates.add(certificate(name, block));
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> keys.add(block);
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted(name, block);
                default -> {
                    // other blocks (EC PARAMETERS, DH PARAMETERS, ...) are allowed and play no part
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new InvalidCertificateException("certificate " + name + " holds no CERTIFICATE block"
                    + " (it holds only " + String.join(", ", blocks.stream().map(PemBlock::type)
                    .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new))) + ")" + FIX);
        }
        if (keys.isEmpty()) {
            throw new InvalidCertificateException("certificate " + name + " holds no private key (a PRIVATE KEY,"
                    + " RSA PRIVATE KEY or EC PRIVATE KEY block)" + FIX);
        }
        if (keys.size() > 1) {
            throw new InvalidCertificateException("certificate " + name + " holds " + keys.size() + " private keys"
                    + " (blocks at lines " + keys.stream().map(key -> String.valueOf(key.line())).toList()
                    + "); keep only the key of the server certificate");
        }
        PrivateKey key = privateKey(name, keys.getFirst(), certificates);
        X509Certificate leaf = certificates.stream().filter(certificate -> matches(key, certificate.getPublicKey()))
                .findFirst().orElseThrow(() -> mismatch(name, key, certificates));
        return new ServerCertificate(name, source, chain(leaf, certificates), key, serverNames(leaf), pem);
    }

    private static InvalidCertificateException encrypted(String name, PemBlock block) {
        return new InvalidCertificateException("certificate " + name + " has an encrypted private key (line "
                + block.line() + "); the proxy has no passphrase to open it. Decrypt it first, e.g. openssl pkey"
                + " -in encrypted.key -out example.key, and put the decrypted key in the file");
    }

    private static X509Certificate certificate(String name, PemBlock block) throws InvalidCertificateException {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der()));
        } catch (CertificateException | ClassCastException e) {
            throw new InvalidCertificateException("certificate " + name + ": the CERTIFICATE block at line "
                    + block.line() + " is not a valid X.509 certificate (" + e.getMessage() + ")" + FIX, e);
        }
    }

    private static PrivateKey privateKey(String name, PemBlock block, List<X509Certificate> certificates)
            throws InvalidCertificateException {
        if (block.encryptedHeaders()) {
            throw encrypted(name, block);
        }
        byte[] pkcs8;
        try {
            pkcs8 = switch (block.type()) {
                case "RSA PRIVATE KEY" -> DerReader.encode(DerReader.SEQUENCE, VERSION_0, RSA_ALGORITHM,
                        DerReader.encode(DerReader.OCTET_STRING, block.der()));
                case "EC PRIVATE KEY" -> fromSec1(block.der());
                default -> block.der();
            };
        } catch (IllegalArgumentException e) {
            throw new InvalidCertificateException("certificate " + name + ": the " + block.type() + " block at line "
                    + block.line() + " is not a valid key (" + e.getMessage() + ")" + FIX, e);
        }
        List<String> algorithms = new ArrayList<>();
        algorithms.add(certificates.getFirst().getPublicKey().getAlgorithm());
        algorithms.addAll(KEY_ALGORITHMS);
        if (block.type().equals("RSA PRIVATE KEY")) {
            algorithms = List.of("RSA");
        } else if (block.type().equals("EC PRIVATE KEY")) {
            algorithms = List.of("EC");
        }
        for (String algorithm : new LinkedHashSet<>(algorithms)) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException | RuntimeException notThisAlgorithm) {
                // the next algorithm may read it
            }
        }
        throw new InvalidCertificateException("certificate " + name + ": the " + block.type() + " block at line "
                + block.line() + " is not a private key the proxy can read (RSA, EC, Ed25519 or Ed448)" + FIX);
    }

    /**
     * SEC1 {@code ECPrivateKey ::= SEQUENCE {version, privateKey, [0] parameters, [1] publicKey}} wrapped in PKCS#8,
     * whose algorithm identifier must carry the named curve the SEC1 structure holds in {@code [0]}.
     */
    private static byte[] fromSec1(byte[] sec1) {
        DerReader elements = DerReader.sequence(sec1);
        byte[] curve = null;
        while (elements.hasNext()) {
            DerReader.Element element = elements.next();
            if (element.tag() == 0xA0) {
                curve = element.value(); // the namedCurve OID, a complete TLV
            }
        }
        if (curve == null || curve.length == 0 || curve[0] != DerReader.OID) {
            throw new IllegalArgumentException("the EC key does not name its curve; write it with its parameters,"
                    + " e.g. openssl pkcs8 -topk8 -nocrypt -in example.key");
        }
        return DerReader.encode(DerReader.SEQUENCE, VERSION_0,
                DerReader.encode(DerReader.SEQUENCE, EC_PUBLIC_KEY_OID, curve),
                DerReader.encode(DerReader.OCTET_STRING, sec1));
    }

    /** Whether the private key belongs to the public key: RSA by modulus and exponent, others by a signature. */
    static boolean matches(PrivateKey key, PublicKey publicKey) {
        if (key instanceof RSAKey rsa) {
            if (!(publicKey instanceof RSAKey publicRsa) || !rsa.getModulus().equals(publicRsa.getModulus())) {
                return false;
            }
            return !(key instanceof RSAPrivateCrtKey crt) || !(publicKey instanceof RSAPublicKey rsaPublic)
                    || crt.getPublicExponent().equals(rsaPublic.getPublicExponent());
        }
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())
                && !(key.getAlgorithm().startsWith("Ed") && publicKey.getAlgorithm().startsWith("Ed"))) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA
        };
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static InvalidCertificateException mismatch(String name, PrivateKey key,
                                                        List<X509Certificate> certificates) {
        X509Certificate first = certificates.getFirst();
        String subject = first.getSubjectX500Principal().getName(X500Principal.RFC2253);
        String kinds = key.getAlgorithm().equals(first.getPublicKey().getAlgorithm()) ? ""
                : " (the key is " + key.getAlgorithm() + ", the certificate's public key is "
                + first.getPublicKey().getAlgorithm() + ")";
        return new InvalidCertificateException("certificate " + name + ": the private key does not match the"
                + " certificate " + subject + (certificates.size() > 1 ? " nor any other certificate in the file" : "")
                + kinds + "; put the key that was generated with this certificate's request in the file");
    }

    /** The leaf, then its issuers as the file links them, then any other certificate in file order. */
    private static List<X509Certificate> chain(X509Certificate leaf, List<X509Certificate> certificates) {
        List<X509Certificate> rest = new ArrayList<>(certificates);
        rest.remove(leaf);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        X509Certificate current = leaf;
        while (!current.getIssuerX500Principal().equals(current.getSubjectX500Principal())) {
            X509Certificate issued = current;
            X509Certificate issuer = rest.stream()
                    .filter(candidate -> candidate.getSubjectX500Principal().equals(issued.getIssuerX500Principal()))
                    .findFirst().orElse(null);
            if (issuer == null) {
                break;
            }
            rest.remove(issuer);
            chain.add(issuer);
            current = issuer;
        }
        chain.addAll(rest);
        return chain;
    }

    /** DNS names of the subjectAltName, lower-case, wildcards as written; else the subject's CN; else none. */
    static List<String> serverNames(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = leaf.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    if (alternative.size() >= 2 && Integer.valueOf(2).equals(alternative.get(0))
                            && alternative.get(1) instanceof String dns) {
                        names.add(dns.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unreadable extension: fall back to the CN
        }
        if (names.isEmpty()) {
            commonName(leaf).ifPresent(cn -> names.add(cn.toLowerCase(Locale.ROOT)));
        }
        return List.copyOf(new LinkedHashSet<>(names));
    }

    private static Optional<String> commonName(X509Certificate leaf) {
        try {
            LdapName subject = new LdapName(leaf.getSubjectX500Principal().getName(X500Principal.RFC2253));
            for (Rdn rdn : subject.getRdns().reversed()) {
                if (rdn.getType().equalsIgnoreCase("CN") && rdn.getValue() instanceof String cn && !cn.isBlank()) {
                    return Optional.of(cn);
                }
            }
        } catch (InvalidNameException e) {
            // no usable CN
        }
        return Optional.empty();
    }

    /** The encoded text of a PEM block, as RFC 7468 frames it (OpenSSL's legacy headers allowed). */
    record PemBlock(String type, int line, byte[] der, boolean encryptedHeaders) {

        static List<PemBlock> all(String name, String pem) throws InvalidCertificateException {
            List<PemBlock> blocks = new ArrayList<>();
            String[] lines = pem.split("\r?\n|\r", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (!line.startsWith("-----BEGIN ")) {
                    if (line.startsWith("-----END ")) {
                        throw new InvalidCertificateException("certificate " + name + ": line " + (i + 1) + " ends a"
                                + " PEM block that was never begun" + FIX);
                    }
                    continue; // text around blocks (e.g. openssl's Bag Attributes) is allowed
                }
                if (!line.endsWith("-----") || line.length() <= "-----BEGIN -----".length()) {
                    throw new InvalidCertificateException("certificate " + name + ": line " + (i + 1)
                            + " is not a valid PEM BEGIN line" + FIX);
                }
                String type = line.substring("-----BEGIN ".length(), line.length() - "-----".length());
                String endLine = "-----END " + type + "-----";
                int begin = i + 1;
                StringBuilder base64 = new StringBuilder();
                boolean encrypted = false;
                int j = i + 1;
                for (; j < lines.length && !lines[j].strip().equals(endLine); j++) {
                    String body = lines[j].strip();
                    if (body.startsWith("-----")) {
                        throw new InvalidCertificateException("certificate " + name + ": the " + type + " block at"
                                + " line " + begin + " has no " + endLine + " line before line " + (j + 1) + FIX);
                    }
                    if (body.contains(":")) {
                        encrypted |= body.startsWith("Proc-Type:") && body.contains("ENCRYPTED");
                        continue; // RFC 1421 headers of OpenSSL's traditional format
                    }
                    base64.append(body);
                }
                if (j == lines.length) {
                    throw new InvalidCertificateException("certificate " + name + ": the " + type + " block at line "
                            + begin + " has no " + endLine + " line" + FIX);
                }
                byte[] der;
                try {
                    der = encrypted ? new byte[0] : Base64.getDecoder().decode(base64.toString());
                } catch (IllegalArgumentException e) {
                    throw new InvalidCertificateException("certificate " + name + ": the " + type + " block at line "
                            + begin + " is not valid base64 (" + e.getMessage() + ")" + FIX, e);
                }
                if (der.length == 0 && !encrypted) {
                    throw new InvalidCertificateException("certificate " + name + ": the " + type + " block at line "
                            + begin + " is empty" + FIX);
                }
                blocks.add(new PemBlock(type, begin, der, encrypted));
                i = j;
            }
            if (blocks.isEmpty()) {
                throw new InvalidCertificateException("certificate " + name + " holds no PEM block (no -----BEGIN"
                        + " line)" + FIX);
            }
            return blocks;
        }
    }
}
