/**
 * The mirror server: serves the current generation of a published directory over HTTP/1.1 and
 * HTTP/2, byte for byte as it was verified, with health, readiness, Prometheus metrics and a status
 * page. {@link dev.trustmirror.mirror.MirrorServer} and {@link
 * dev.trustmirror.mirror.MirrorServerOptions} are the public surface; everything else is
 * package-private.
 */
package dev.trustmirror.mirror;
