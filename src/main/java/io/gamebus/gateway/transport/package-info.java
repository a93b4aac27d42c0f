/**
 * The gateway's sockets: how a frame is written to a client (TCP length-prefixed, or one
 * WebSocket text frame), flushed once per event-loop turn ({@link
 * io.gamebus.gateway.transport.SocketWriter}), counted against {@code gateway.maxOutboundBytes},
 * and closed within {@code gateway.closeTimeoutMs}. Nothing here knows sessions: the gateway's
 * {@code ClientConnection} writes through a {@link io.gamebus.gateway.transport.Transport}.
 * Reading frames is the protocol's ({@code LengthPrefixedFrameDecoder},
 * {@code WebSocketMessageAssembler}).
 */
package io.gamebus.gateway.transport;
