package io.gamebus.config;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable random tokens (admin tokens, resume tokens). */
public final class Tokens {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  /** 128 random bits, URL-safe Base64 without padding. */
  public static String random() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
