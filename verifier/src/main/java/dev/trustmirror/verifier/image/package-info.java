/**
 * Verifies an image by reference, end to end: resolve the reference to the digest that will run
 * (for a multi-arch image, the index digest, as cosign does), discover its signatures in the
 * registry, verify them against the policy and trusted root, through the verdict cache.
 *
 * <p>{@link dev.trustmirror.verifier.image.ImageVerifier} returns an {@link
 * dev.trustmirror.verifier.image.ImageVerification}, a value with one of four outcomes: verified,
 * refused (the verdict's reasons), refused by the registry (credentials, missing image, content
 * that does not match its digest) or registry unavailable (transport failure: never a verdict,
 * never cached). {@code trust-mirror verify image} and the admission webhook are thin layers over
 * it.
 */
package dev.trustmirror.verifier.image;
