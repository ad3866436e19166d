package dev.swarmgate.docker;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.function.Consumer;

/** The last handler of an {@link EventStream}: one framed JSON object in, one {@link DockerEvent} to the consumer. */
final class EventStreamReader extends SimpleChannelInboundHandler<ByteBuf> {

    private static final Logger LOG = LoggerFactory.getLogger(EventStreamReader.class);

    private final EventStream stream;
    private final Consumer<DockerEvent> consumer;

    EventStreamReader(EventStream stream, Consumer<DockerEvent> consumer) {
        this.stream = stream;
        this.consumer = consumer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf json) {
        DockerEvent event;
        try (ByteBufInputStream in = new ByteBufInputStream(json)) {
            event = DockerEvent.fromJson(EngineJson.MAPPER.readTree((java.io.InputStream) in));
        } catch (IOException e) {
            stream.end(new DockerUnavailableException("Docker sent an event that is not JSON: " + e.getMessage(),
                    e));
            return;
        }
        try {
            consumer.accept(event);
        } catch (RuntimeException e) {
            LOG.error("Handling Docker event {} failed", event, e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stream.end(new DockerUnavailableException("Docker event stream failed: " + cause, cause));
    }
}
