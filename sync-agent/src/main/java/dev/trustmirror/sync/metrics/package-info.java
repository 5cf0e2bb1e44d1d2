/**
 * What the sync agent tells Prometheus: {@link dev.trustmirror.sync.metrics.SyncMetrics} records
 * the outcome of every sync attempt and each trusted role's version and expiry; {@link
 * dev.trustmirror.sync.metrics.MetricsEndpoint} serves them at {@code /metrics} (with {@code
 * /healthz}) on the JDK's own HTTP server. The alert rules of the Helm chart ({@code
 * helm/trust-mirror/files/alerts/}) are written against these series (ADR 0011).
 */
package dev.trustmirror.sync.metrics;
