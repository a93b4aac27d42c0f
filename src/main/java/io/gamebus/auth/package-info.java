/**
 * Players' identities: the JWT a client presents in {@code hello} is verified here (with
 * vertx-auth-jwt for the signature, and the claims checked with clear reasons), before the
 * gateway places or resumes a session. The identity then travels with the session
 * ({@link io.gamebus.bus.Identity}).
 */
package io.gamebus.auth;
