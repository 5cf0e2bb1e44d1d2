/**
 * The Kubernetes publisher of the sync agent: after each sync, the verified repository goes into
 * policy-controller's cluster-scoped {@code TrustRoot} resource, with status conditions and Events
 * that say how it stands, written only by the leader of a Lease.
 *
 * <p>{@link dev.trustmirror.kube.publish.TrustRootPublisher} does the writes through fabric8
 * (create, or update with optimistic concurrency, only when the content changed; status through the
 * status subresource); what to write is decided without I/O ({@code ApplyDecision}, {@code
 * DesiredConditions}, {@code ConditionMerge}). {@link dev.trustmirror.kube.publish.LeaseLeadership}
 * is fabric8's leader election on a Lease; {@link dev.trustmirror.kube.publish.Leadership#alone()}
 * stands for a single replica. {@link dev.trustmirror.kube.publish.TrustRootCondition} reads the
 * conditions back. See ADR 0014.
 */
package dev.trustmirror.kube.publish;
