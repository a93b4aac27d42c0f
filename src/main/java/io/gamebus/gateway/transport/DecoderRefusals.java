package io.gamebus.gateway.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.util.function.Consumer;

/**
 * Takes the WebSocket decoder's refusals (a frame over the size limit, a broken frame) before
 * Vert.x sees them. Vert.x closes a socket at once on any exception, with the rest of the
 * client's frame still unread, and closing a socket with unread bytes resets the connection: the
 * client could lose the {@code error} and {@code closing} that say why. Taken here, the gateway
 * answers and closes after a short linger; the failed decoder discards whatever else arrives.
 */
public final class DecoderRefusals extends ChannelInboundHandlerAdapter {
  private final Consumer<DecoderException> refused;

  private DecoderRefusals(Consumer<DecoderException> refused) {
    this.refused = refused;
  }

  /** Installs the handler just before Vert.x's own, whose channel context this is. */
  public static void install(ChannelHandlerContext vertxHandler, Consumer<DecoderException> refused) {
    vertxHandler.pipeline().addBefore(vertxHandler.name(), "gamebus-decoder-refusals", new DecoderRefusals(refused));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof DecoderException refusal) {
      refused.accept(refusal);
    } else {
      ctx.fireExceptionCaught(cause);
    }
  }
}
