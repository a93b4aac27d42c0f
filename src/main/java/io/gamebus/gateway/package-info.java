/**
 * The gateway: the client endpoints (TCP and WebSocket) and the sessions opened through them.
 * Every client message goes down the same pipeline, one small class per stage, whichever
 * transport it came in on; what instances send back goes up it.
 *
 * <pre>
 *   TCP bytes                        WebSocket frames
 *       |                                   |
 *   LengthPrefixedFrameDecoder     WebSocketMessageAssembler    frame (protocol), and size check:
 *       |  (length &gt; max)                  |  (message &gt; max)      too_large, then close
 *       +----------------+------------------+
 *                        |  one whole message
 *                        v
 *                 ClientConnection       rate limit (RateLimiter): rate_limited, dropped
 *                        |               decode (ClientMessageDecoder): bad_json,
 *                        |                 bad_request, unknown_type
 *                        v
 *                  SessionRouter         route by type: ping answered, bye ends the session
 *                   |           |
 *                   v           v
 *          SessionOpener    InstanceTraffic    hello: Placement picks the instance, which
 *        (SessionResumer)       |                accepts the join (resume: SessionResumer takes
 *                               |                the session back); msg: no_session before hello,
 *                               |                else the request is remembered until answered
 *                               v
 *                        InstanceSender        one batch per instance per event-loop turn: into
 *                               |                its inbox on this node, else on the event bus
 *                               v
 *          event bus: gamebus.instance.&lt;id&gt;
 *        ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
 *          event bus: gamebus.gateway.&lt;node&gt;.&lt;n&gt;   push, answer, moved, evict (GatewayBound)
 *                        |
 *                  SessionRouter         handoff (SessionResumer), holds (SessionTable), the rest:
 *                        v
 *                 InstanceTraffic        answer still awaited? (else timed out: dropped);
 *                        |                 held for a detached session; timeouts: TimeoutSweep
 *                        v
 *                 ClientConnection       over gateway.maxOutboundBytes queued: slow_consumer
 *                        |
 *                    Transport           gateway.transport: TCP or WebSocket framing, one flush
 *                                          per socket per turn (SocketWriter), a close bounded
 *                                          by gateway.closeTimeoutMs
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
