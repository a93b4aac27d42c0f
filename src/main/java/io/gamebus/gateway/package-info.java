/**
 * The gateway: the client endpoints (TCP and WebSocket) and the sessions opened through them.
 * Every client message goes down the same pipeline, one small class per stage, whichever
 * transport it came in on; what instances send back goes up it.
 *
 * <pre>
 *   TCP bytes                        WebSocket frames
 *       |                                   |
 *   LengthPrefixedFrameDecoder     WebSocketMessageAssembler      frame, and size check:
 *       |  (length &gt; max: too_large)       |  (message &gt; max: too_large)   too_large closes
 *       +----------------+------------------+
 *                        |  one whole message
 *                        v
 *                 ClientConnection      rate limit (RateLimiter): rate_limited, dropped
 *                        |              decode (ClientMessageDecoder): bad_json,
 *                        |                bad_request, unknown_type
 *                        v
 *                   SessionRouter          session: hello and resume (SessionOpener;
 *                        |                Placement picks the instance, the instance
 *                        |                accepts the join), bye; no_session before hello
 *                        v
 *          event bus: gamebus.instance.&lt;id&gt;       route (InstanceTraffic): msg to the session's instance
 *                        |
 *        ~~~~~~~~~~~~~~~~|~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
 *                        |  back: push, answer, moved, evict (GatewayBound)
 *                   SessionRouter          held for a detached session (InstanceTraffic),
 *                        |                timeouts and expiry (TimeoutSweep)
 *                        |
 *                 ClientConnection      over gateway.maxOutboundBytes queued: slow_consumer
 *                        |
 *                    Transport          TcpTransport / WebSocketTransport: framing, and a
 *                                         close bounded by gateway.closeTimeoutMs
 * </pre>
 *
 * A gateway verticle owns its connections and sessions and touches them only on its event
 * loop; it talks to instances only over the event bus, so the same code serves a session whose
 * instance runs on another node. Resume tokens live in cluster-wide shared data
 * ({@link io.gamebus.gateway.SessionDirectory}), so a session can be taken back on any gateway.
 * The wire format is in {@link io.gamebus.protocol}; the rules clients see are in
 * {@code docs/protocol.md}.
 */
package io.gamebus.gateway;
