package dev.swarmgate.auth;

/**
 * crypt(3) hashes of {@link #PASSWORD} made by the tools operators use (Debian 12: OpenSSL 3.0, mkpasswd from whois,
 * htpasswd from apache2-utils), kept as constants so the tests need none of the tools. The command is on each.
 */
public final class HashVectors {

    public static final String PASSWORD = "s3cret";

    /** {@code openssl passwd -1 -salt saltsalt s3cret} */
    public static final String MD5 = "$1$saltsalt$RwMqRjSWhXMKbW72DwzGd1";
    /** {@code openssl passwd -apr1 -salt saltsalt s3cret} */
    public static final String APR1 = "$apr1$saltsalt$64vPg1.FPS6FtcYJ7Ti1V.";
    /** {@code htpasswd -nbm admin s3cret} (random salt) */
    public static final String APR1_HTPASSWD = "$apr1$0tlb8J.N$Q.CWye6xhTOxnspJLJdha0";
    /** {@code openssl passwd -5 -salt saltsaltsalt s3cret} */
    public static final String SHA256 = "$5$saltsaltsalt$BQ.1xfT8A98Gw2Ss94AGK5WsGthwa8LLBFFfqPJi.lA";
    /** {@code mkpasswd -m sha-256 -R 6000 -S saltsaltsalt s3cret} */
    public static final String SHA256_ROUNDS = "$5$rounds=6000$saltsaltsalt$ql49D5GdRVJa.zLR6Je3HDKkWvv/MXUJXB6JpJc8lB4";
    /** {@code openssl passwd -6 -salt saltsaltsalt s3cret} */
    public static final String SHA512 = "$6$saltsaltsalt$FUTXsgNpMxVPwnX4XalnoSItgvVbUy6eQVJVcn9taCOEVAPu1PukMtU6lAf"
            + "NfDb9ttqSN7i8gT2C5j2TY43X01";
    /** {@code mkpasswd -m sha-512 -R 5000 -S saltsaltsalt s3cret} (5000 is the default, written out) */
    public static final String SHA512_ROUNDS = "$6$rounds=5000$saltsaltsalt$FUTXsgNpMxVPwnX4XalnoSItgvVbUy6eQVJVcn9t"
            + "aCOEVAPu1PukMtU6lAfNfDb9ttqSN7i8gT2C5j2TY43X01";
    /** {@code openssl passwd -6 -salt saltsaltsalt 'pässwörd'} (UTF-8) */
    public static final String SHA512_UTF8 = "$6$saltsaltsalt$tE6p/j5tAOMs8OTZcHAMQU8Z266yhgR.33GuDXxh6KRzo9Szlvzw"
            + "NKE7T4UQ1srHX/IJMhU.kK/qrdRdqiDvZ1";
    public static final String UTF8_PASSWORD = "pässwörd";
    /** {@code mkpasswd -m bcrypt -R 5 s3cret} */
    public static final String BCRYPT_2B = "$2b$05$oRDCBL7hjlYwqw4K9dE6N.kVPQGNm.rRmXI2DxbRVY/MNQqu7Wg0G";
    /** The same hash as {@code $2a$}: 2a and 2b differ only for passwords of more than 255 bytes. */
    public static final String BCRYPT_2A = "$2a$05$oRDCBL7hjlYwqw4K9dE6N.kVPQGNm.rRmXI2DxbRVY/MNQqu7Wg0G";
    /** {@code htpasswd -nbB -C 5 admin s3cret} */
    public static final String BCRYPT_2Y = "$2y$05$aa6ub8M5Yi0mjqxqCtjZFeOo04vkrlLgLOXf5kffY72yAfu0JkgjC";
    /** {@code htpasswd -nbB -C 12 slow s3cret}: about a quarter of a second per check. */
    public static final String BCRYPT_COST_12 = "$2y$12$iHjFskn4qabpCwFh5HfAb.5mZdByolqq1Rkoas431c2fjzyZBbCHG";
    /** {@code mkpasswd -m yescrypt s3cret}: Debian's default, which no Java library reads. */
    public static final String YESCRYPT = "$y$j9T$Xh9czN1D9Sf6HFT1CUNhx.$ZPU/fcoJmNLDFQXTBLuGXbNdkKgr2Wx0hEd70yr7XK0";

    /** Every supported vector of {@link #PASSWORD}. */
    public static final String[] SUPPORTED = {MD5, APR1, APR1_HTPASSWD, SHA256, SHA256_ROUNDS, SHA512, SHA512_ROUNDS,
        BCRYPT_2A, BCRYPT_2B, BCRYPT_2Y};

    private HashVectors() {
    }
}
