package dev.swarmgate.docker;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Between the HTTP codec and the JSON framer of an {@link EventStream}: a 200 marks the stream open and its body
 * bytes go on to be split into JSON objects; any other status fails the stream with the engine's message.
 */
final class EventStreamFraming extends ChannelInboundHandlerAdapter {

    private final EventStream stream;
    private final String request;
    private int status;
    private final StringBuilder errorBody = new StringBuilder();

    EventStreamFraming(EventStream stream, String request) {
        this.stream = stream;
        this.request = request;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                status = response.status().code();
                if (status == 200) {
                    stream.markOpened();
                }
            }
            if (msg instanceof HttpContent content) {
                if (status == 200) {
                    if (content.content().isReadable()) {
                        ctx.fireChannelRead(content.content().retain());
                    }
                } else if (errorBody.length() < 4096) {
                    errorBody.append(content.content().toString(java.nio.charset.StandardCharsets.UTF_8));
                }
                if (msg instanceof LastHttpContent) {
                    stream.end(status == 200
                            ? new DockerUnavailableException("Docker ended the event stream")
                            : new DockerApiException(request, status,
                                    EngineJson.errorMessage(errorBody.toString().getBytes(
                                            java.nio.charset.StandardCharsets.UTF_8))));
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stream.end(new DockerUnavailableException("Docker closed the event stream"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stream.end(new DockerUnavailableException("Docker event stream failed: " + cause, cause));
    }
}
