package dev.swarmgate.proxy.http;

import dev.swarmgate.routing.rules.LocalReply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The responses the proxy writes itself. Each page is a raw HTTP response file, {@code <code>.http}, in Docker Flow
 * Proxy's format; files in the configured directory replace the built-in ones, and a file that cannot be parsed
 * falls back to the built-in page with a warning.
 */
public final class ErrorPages {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);
    static final int[] CODES = {400, 401, 403, 405, 408, 414, 429, 431, 500, 502, 503, 504};

    private final Map<Integer, Page> pages = new HashMap<>();

    public ErrorPages(Optional<Path> overrideDir) {
        for (int code : CODES) {
            Page page = overrideDir.flatMap(dir -> fromOverride(dir, code)).orElseGet(() -> builtIn(code));
            pages.put(code, page);
        }
    }

    /** A fresh response for the status; {@code close} decides the Connection header. */
    FullHttpResponse response(int code, boolean close) {
        Page page = pages.get(code);
        if (page == null) {
            page = minimal(code);
        }
        HttpHeaders headers = page.headers.copy();
        headers.set(HttpHeaderNames.CONTENT_LENGTH, page.body.readableBytes());
        if (close) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else {
            headers.remove(HttpHeaderNames.CONNECTION);
        }
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, page.status, page.body.duplicate(),
                headers, DefaultHttpHeadersFactory.trailersFactory().newHeaders());
    }

    /**
     * The response for a {@link LocalReply}: its body (none when empty) or the status's page, with the reply's headers
     * on top; {@code close} decides the Connection header.
     */
    FullHttpResponse response(LocalReply reply, boolean close) {
        FullHttpResponse response;
        if (reply.body() == null) {
            response = response(reply.status(), close);
        } else {
            ByteBuf body = reply.body().isEmpty() ? Unpooled.EMPTY_BUFFER
                    : Unpooled.copiedBuffer(reply.body(), StandardCharsets.UTF_8);
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()),
                    body);
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            if (close) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
        }
        for (LocalReply.Header header : reply.headers()) {
            response.headers().add(header.name(), header.value());
        }
        return response;
    }

    private static Optional<Page> fromOverride(Path dir, int code) {
        Path file = dir.resolve(code + ".http");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Page page = parse(Files.readAllBytes(file));
            if (page.status().code() != code) {
                throw new IllegalArgumentException("its status line says " + page.status().code() + ", not " + code);
            }
            return Optional.of(page);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("error page {} cannot be used ({}); serving the built-in {} page instead", file, e.getMessage(),
                    code);
            return Optional.empty();
        }
    }

    private static Page builtIn(int code) {
        try (InputStream in = ErrorPages.class.getResourceAsStream("/errorfiles/" + code + ".http")) {
            if (in == null) {
                return minimal(code);
            }
            return parse(in.readAllBytes());
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("built-in error page {} is broken ({}); serving a minimal page", code, e.getMessage());
            return minimal(code);
        }
    }

    private static Page minimal(int code) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(code);
        String text = "<html><body><h1>" + code + " " + status.reasonPhrase() + "</h1></body></html>\n";
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "text/html");
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        return new Page(status, headers, body(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Parses a raw HTTP/1.x response: status line, header lines, blank line, body. */
    static Page parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        int separator = 4;
        if (headEnd < 0) {
            headEnd = text.indexOf("\n\n");
            separator = 2;
        }
        if (headEnd < 0) {
            throw new IllegalArgumentException("no blank line between the head and the body");
        }
        String[] lines = text.substring(0, headEnd).split("\r?\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IllegalArgumentException("first line is not an HTTP status line: '" + lines[0] + "'");
        }
        int code;
        try {
            code = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("status code '" + statusLine[1] + "' is not a number");
        }
        HttpResponseStatus status = statusLine.length == 3
                ? new HttpResponseStatus(code, statusLine[2].trim()) : HttpResponseStatus.valueOf(code);
        HttpHeaders headers = new DefaultHttpHeaders();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("header line without a name: '" + lines[i] + "'");
            }
            headers.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
        }
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
        byte[] body = new byte[raw.length - headEnd - separator];
        System.arraycopy(raw, headEnd + separator, body, 0, body.length);
        return new Page(status, headers, body(body));
    }

    private static ByteBuf body(byte[] bytes) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes).asReadOnly());
    }

    record Page(HttpResponseStatus status, HttpHeaders headers, ByteBuf body) {
    }
}
