/**
 * Following a {@code TrustRoot} resource in the cluster: {@link
 * dev.trustmirror.kube.watch.TrustRootWatcher} reads it, watches it with a fabric8 informer and
 * verifies each new state through {@link dev.trustmirror.kube.trustroot.TrustRootReader}, with
 * anti-rollback from the last accepted state. What a consumer (the mirror server, the admission
 * verifier) does with each {@link dev.trustmirror.kube.watch.TrustRootChange} is its own affair.
 * See ADR 0015.
 */
package dev.trustmirror.kube.watch;
