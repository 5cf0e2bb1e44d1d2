/**
 * The verdict cache (Caffeine): verdicts by image digest, policy identity and trust-root identity,
 * bounded in size, successes kept for a TTL, failures briefly or not at all, cleared when the trust
 * root changes.
 */
package dev.trustmirror.verifier.cache;
