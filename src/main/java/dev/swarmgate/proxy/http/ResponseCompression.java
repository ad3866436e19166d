package dev.swarmgate.proxy.http;

import dev.swarmgate.routing.rules.CompressionPolicy;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/** Response compression (placeholder until the compression work lands; no parameter reaches it yet). */
final class ResponseCompression {

    private ResponseCompression() {
    }

    /**
     * Decides from the response head and the request whether the response body is compressed; when it is, edits the
     * head (Content-Encoding, Vary, no Content-Length) and puts a compressing handler before {@code client}'s handler,
     * which compresses the body parts written after the head and leaves the pipeline at the last one.
     */
    static void engage(ChannelHandlerContext client, CompressionPolicy policy, HttpRequest request,
                       HttpResponse response) {
    }
}
