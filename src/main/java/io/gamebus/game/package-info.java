/**
 * Running games: one {@link io.gamebus.api.Game} object per {@link io.gamebus.game.Generation},
 * on the node's shared game threads.
 *
 * <pre>
 *   slot or gateway ──offerAll──► Mailbox ──(its lane: GameLane, one task at a time)──►
 *       GameCalls.run ──► game.join / message / leave / snapshot      (GamePlayer, GameMessage,
 *                                                                    InstanceContext: what it sees)
 *       what the game sends ──► Outbox ──(one Batch per gateway when the task ends)──► gateways
 *
 *   GamePool: GameThreads taking any lane's next task from one queue
 *   HangWatchdog: a thread stuck in one task for hangMs is replaced; its lane hears it hung,
 *                 and GameCalls names the call it is stuck in (a GameFailure)
 * </pre>
 *
 * A generation that fails hands back what it never processed and the requests it never
 * answered ({@link io.gamebus.game.Generation.Remains}, kept by {@code Leftovers}); the
 * supervisor's slot starts the next.
 */
package io.gamebus.game;
