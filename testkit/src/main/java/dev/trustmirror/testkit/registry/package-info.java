/**
 * A real OCI registry for integration tests: Debian's {@code docker-registry} (distribution 2.8) on
 * 127.0.0.1 and a free port ({@link dev.trustmirror.testkit.registry.DockerRegistry}), with
 * optional htpasswd Basic auth, TLS from a test CA, or token auth against a {@link
 * dev.trustmirror.testkit.registry.TokenServer} run in the test; and {@link
 * dev.trustmirror.testkit.registry.RegistryWriter}, which pushes blobs, images, multi-arch indexes
 * and OCI 1.1 referrers through the distribution API.
 */
package dev.trustmirror.testkit.registry;
