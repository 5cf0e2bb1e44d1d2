/**
 * The mirror server: serves a verified repository (the current generation of a published directory,
 * or a watched {@code TrustRoot} resource) over HTTP/1.1 and HTTP/2, byte for byte as it was
 * verified, with health, readiness, Prometheus metrics and a status page. {@link
 * dev.trustmirror.mirror.MirrorServer} and {@link dev.trustmirror.mirror.MirrorServerOptions} are
 * the public surface; everything else is package-private.
 */
package dev.trustmirror.mirror;
