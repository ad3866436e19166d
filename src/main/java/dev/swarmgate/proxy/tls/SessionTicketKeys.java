package dev.swarmgate.proxy.tls;

import io.netty.handler.ssl.OpenSslSessionTicketKey;

import java.security.SecureRandom;

/**
 * The keys TLS session tickets are encrypted with: random, made in this process and never written anywhere, shared by
 * every certificate's context so a ticket survives a certificate replacement. {@link #rotate()} makes a new key for
 * new tickets and keeps the previous one for tickets already out, so a rotation costs no client its resumption.
 * Tickets do not carry over to another replica or a restart (those clients do one full handshake).
 */
final class SessionTicketKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private volatile OpenSslSessionTicketKey[] keys = {newKey()};

    /** The current key first (encrypts new tickets), then the previous one (still decrypts). */
    OpenSslSessionTicketKey[] current() {
        return keys.clone();
    }

    void rotate() {
        keys = new OpenSslSessionTicketKey[] {newKey(), keys[0]};
    }

    private static OpenSslSessionTicketKey newKey() {
        byte[] name = new byte[OpenSslSessionTicketKey.NAME_SIZE];
        byte[] hmac = new byte[OpenSslSessionTicketKey.HMAC_KEY_SIZE];
        byte[] aes = new byte[OpenSslSessionTicketKey.AES_KEY_SIZE];
        RANDOM.nextBytes(name);
        RANDOM.nextBytes(hmac);
        RANDOM.nextBytes(aes);
        return new OpenSslSessionTicketKey(name, hmac, aes);
    }
}
