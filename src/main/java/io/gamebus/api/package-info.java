/**
 * The game developer API of gamebus: the only package a game imports.
 *
 * <p>Implement {@link io.gamebus.api.Game}, package it as a jar whose manifest says
 * {@code Gamebus-Game}, {@code Gamebus-Version} and {@code Gamebus-Class}, and name the jar in
 * the node configuration or upload it to a running node. See docs/game-development.md.
 */
package io.gamebus.api;
