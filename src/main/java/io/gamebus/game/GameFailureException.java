package io.gamebus.game;

/** Carries a {@link GameFailure} through a failed future. */
public final class GameFailureException extends RuntimeException {
  private final GameFailure failure;

  public GameFailureException(GameFailure failure) {
    super(failure.describe(), failure.cause());
    this.failure = failure;
  }

  public GameFailure failure() {
    return failure;
  }
}
