package io.gamebus.game;

/**
 * A game that threw or stopped answering, with where: the hook, the instance and the player
 * (STYLE point 5: failures in user code are reported with their context).
 *
 * @param hook      {@code start}, {@code join}, {@code message}, {@code leave}, {@code snapshot},
 *                  {@code stop}, {@code timer} (a game's own timer or handler) or {@code hang}
 * @param session   the player the call was for, or null
 * @param requestId the request being handled, or 0
 */
public record GameFailure(String hook, String instance, String session, long requestId, Throwable cause) {

  public String describe() {
    String who = session == null ? "" : " for player " + session;
    String what = cause == null ? "stopped answering" : "threw " + cause;
    return "game instance " + instance + " " + what + " in " + hook + who;
  }
}
