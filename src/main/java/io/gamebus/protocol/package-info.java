/**
 * The client wire protocol: framing, the messages in both directions, and the error codes
 * (client documentation: {@code docs/protocol.md}). Pure codecs, no sockets: each is tested on
 * raw buffers.
 *
 * <h2>TCP frame format</h2>
 *
 * Every message, in both directions, is a 4-byte big-endian <em>unsigned</em> length followed
 * by that many bytes of UTF-8 JSON (one JSON object). No delimiter, no padding; a length of 0
 * is an empty message ({@code bad_json}); a length above {@code gateway.maxFrameBytes} is
 * {@code too_large}, reported from the header alone.
 *
 * <pre>
 *  before (the message):   {"type":"ping"}                                  15 bytes
 *
 *  after (on the wire):    +------+------+------+------+---------------------------+
 *                          |  00  |  00  |  00  |  0F  | {"type":"ping"}           |  19 bytes
 *                          +------+------+------+------+---------------------------+
 *                           length: uint32, big-endian   payload: length bytes, UTF-8
 * </pre>
 *
 * Over WebSocket there is no extra framing: one message per WebSocket message (text, or binary
 * holding UTF-8), fragments allowed, {@code gateway.maxFrameBytes} counting the whole message.
 *
 * <h2>What is where</h2>
 * <ul>
 *   <li>{@link io.gamebus.protocol.LengthPrefixedFrameDecoder}: TCP bytes to frames;</li>
 *   <li>{@link io.gamebus.protocol.WebSocketMessageAssembler}: WebSocket frames to whole messages;</li>
 *   <li>{@link io.gamebus.protocol.ClientMessageDecoder}: a frame's bytes to a
 *       {@link io.gamebus.protocol.ClientMessage}, or a {@link io.gamebus.protocol.ProtocolException}
 *       with the contract's code;</li>
 *   <li>{@link io.gamebus.protocol.ServerMessage}: the one place each server message's shape is defined;</li>
 *   <li>{@link io.gamebus.protocol.ErrorCode}, {@link io.gamebus.protocol.MoveReason}: the wire names.</li>
 * </ul>
 */
package io.gamebus.protocol;
