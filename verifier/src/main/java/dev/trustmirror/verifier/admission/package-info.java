/**
 * The admission webhook's logic, without HTTP or Kubernetes clients: an AdmissionReview's bytes in
 * ({@link dev.trustmirror.verifier.admission.AdmissionWebhook}), the reply to send out ({@link
 * dev.trustmirror.verifier.admission.WebhookReply}: allowed or denied with every reason, warnings,
 * the JSON Patch pinning verified images to their digest, the Event to post).
 *
 * <p>The images of Pods and of the pod templates of workload controllers are checked against the
 * {@link dev.trustmirror.verifier.policy.PolicySet} by {@link
 * dev.trustmirror.verifier.admission.AdmissionDecider}, in parallel on a bounded executor, within a
 * time budget below the webhook's {@code timeoutSeconds}, through the {@link
 * dev.trustmirror.verifier.admission.ImageChecker} seam (the image verifier's adapter). Trust
 * roots, key Secrets and namespace labels come through small functional interfaces that the wiring
 * backs with informers. Failures of every kind deny under Block and warn under Warn. See ADR 0018.
 */
package dev.trustmirror.verifier.admission;
