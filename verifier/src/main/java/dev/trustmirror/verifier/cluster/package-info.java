/**
 * What the admission webhook reads from the cluster: {@code ImageTrustPolicy} resources (and the
 * status conditions it writes back), the {@code TrustRoot}s policies refer to (verified through the
 * {@code tuf} module, last good one kept), namespace labels, pull and key Secrets, and the Warning
 * Events it posts.
 */
package dev.trustmirror.verifier.cluster;
