package io.gamebus.game;

/**
 * A game that threw or stopped answering, with where: the hook, the instance, the player and
 * the input (STYLE point 5: failures in user code are reported with their context).
 *
 * @param hook      {@code start}, {@code join}, {@code message}, {@code leave}, {@code snapshot},
 *                  {@code stop} or {@code timer} (a game's own timer or handler)
 * @param session   the player the call was for, or null
 * @param requestId the request being handled, or 0
 * @param route     the route of the message being handled, or null
 * @param cause     what the game threw, or null when it stopped answering (a hang)
 */
public record GameFailure(String hook, String instance, String session, long requestId, String route,
                          Throwable cause) {

  /** The game was stuck in this call rather than throwing. */
  public boolean hung() {
    return cause == null;
  }

  /** The failure happened on a player's message (so that player is owed an error). */
  public boolean onMessage() {
    return "message".equals(hook) && session != null;
  }

  public String describe() {
    StringBuilder text = new StringBuilder("game instance ").append(instance)
        .append(hung() ? " stopped answering in " : " threw " + cause + " in ").append(hook);
    if (route != null) {
      text.append(" (route '").append(route).append('\'');
      text.append(requestId > 0 ? ", request " + requestId + ")" : ")");
    }
    if (session != null) {
      text.append(" for player ").append(session);
    }
    return text.toString();
  }
}
