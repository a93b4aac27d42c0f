package io.gamebus.games.arena;

/** Cleans text typed by players before others see it. */
final class PlainText {

  private PlainText() {}

  /**
   * Drops control characters, collapses runs of white space, trims, and cuts the result to at
   * most {@code maxChars} characters without splitting a character in two.
   */
  static String clean(String raw, int maxChars) {
    String text = raw.replaceAll("\\p{Cntrl}", " ").replaceAll("\\s+", " ").strip();
    if (text.codePointCount(0, text.length()) <= maxChars) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, maxChars)).strip();
  }
}
