/**
 * The admission webhook wired together ({@link dev.trustmirror.verifier.service.AdmissionService}):
 * server, cluster reads, image checker, decider; what {@code trust-mirror webhook} runs.
 */
package dev.trustmirror.verifier.service;
