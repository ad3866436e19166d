package dev.swarmgate.proxy.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The few DER (ASN.1) operations {@link PemBundle} needs to turn the traditional OpenSSL key formats (PKCS#1 RSA,
 * SEC1 EC) into the PKCS#8 the JDK's key factories read: walking a SEQUENCE's elements and writing a TLV. Not a
 * general ASN.1 library; anything unexpected is an {@link IllegalArgumentException} the caller reports.
 */
final class DerReader {

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;

    /** One element: its tag and its value bytes. */
    record Element(int tag, byte[] value) {
    }

    private final byte[] der;
    private int position;
    private final int end;

    private DerReader(byte[] der, int from, int end) {
        this.der = der;
        this.position = from;
        this.end = end;
    }

    /** A reader over the elements inside the outermost SEQUENCE of {@code der}. */
    static DerReader sequence(byte[] der) {
        DerReader outer = new DerReader(der, 0, der.length);
        Element sequence = outer.next();
        if (sequence.tag() != SEQUENCE) {
            throw new IllegalArgumentException("the structure does not start with a SEQUENCE");
        }
        if (outer.hasNext()) {
            throw new IllegalArgumentException("bytes follow the outer SEQUENCE");
        }
        return new DerReader(sequence.value(), 0, sequence.value().length);
    }

    boolean hasNext() {
        return position < end;
    }

    Element next() {
        if (position + 2 > end) {
            throw new IllegalArgumentException("the structure ends in the middle of an element");
        }
        int tag = der[position++] & 0xFF;
        int length = der[position++] & 0xFF;
        if (length >= 0x80) {
            int bytes = length & 0x7F;
            if (bytes == 0 || bytes > 3 || position + bytes > end) {
                throw new IllegalArgumentException("an element has an unsupported length encoding");
            }
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[position++] & 0xFF);
            }
        }
        if (length > end - position) {
            throw new IllegalArgumentException("an element is longer than the structure holding it");
        }
        byte[] value = Arrays.copyOfRange(der, position, position + length);
        position += length;
        return new Element(tag, value);
    }

    /** The DER encoding of one element. */
    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            value.writeBytes(part);
        }
        int length = value.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(value.toByteArray());
        return out.toByteArray();
    }

    /** The complete TLV of an element read earlier. */
    static byte[] encode(Element element) {
        return encode(element.tag(), element.value());
    }
}
