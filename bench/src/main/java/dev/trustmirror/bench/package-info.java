/**
 * Benchmarks of trust-mirror's sync path against a real nginx on 127.0.0.1 serving Sigstore's
 * root-signing history point 08, with sigstore-java's bare TUF {@code Updater} as the peer. Run by
 * {@code bench/run.sh}; nothing here is a test and nothing asserts a time.
 */
package dev.trustmirror.bench;
