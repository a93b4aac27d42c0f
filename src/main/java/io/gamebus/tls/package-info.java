/**
 * TLS on the client and admin ports ({@code gateway.tls}, {@code admin.tls}): PEM files, read
 * again when they change on disk, so a renewed certificate is served without a restart and
 * without closing open connections.
 */
package io.gamebus.tls;
