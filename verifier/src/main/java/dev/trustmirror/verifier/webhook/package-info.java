/**
 * The admission webhook's server: {@code /validate} and {@code /mutate} over HTTPS (certificate
 * reloaded on change), {@code /healthz}, {@code /readyz}, {@code /metrics}, and the {@link
 * dev.trustmirror.verifier.admission.ImageChecker} that checks images through the registry, the
 * signature verifier and the verdict cache.
 */
package dev.trustmirror.verifier.webhook;
