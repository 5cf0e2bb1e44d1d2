/**
 * A private Sigstore for tests: a Fulcio CA, a CT log, a Rekor log and an RFC 3161 timestamp
 * authority with our own keys, the {@code trusted_root.json} that trusts them, and cosign image
 * signatures and Sigstore bundles made with them, correct or broken in one named way.
 *
 * <p>{@link dev.trustmirror.testkit.sigstore.SigstoreFixtures} creates all four services from one
 * seed and one {@link java.time.Clock} (deterministic: same seed and clock, same bytes):
 *
 * <ul>
 *   <li>{@link dev.trustmirror.testkit.sigstore.TestFulcio}: root and intermediate (ECDSA P-384),
 *       10-minute code-signing leaves with Fulcio's extensions (SAN e-mail or URI, OIDC issuer in
 *       1.3.6.1.4.1.57264.1.1 and .1.8, EKU codeSigning) and an SCT computed over the RFC 6962
 *       precertificate; {@link dev.trustmirror.testkit.sigstore.LeafRequest} varies identity,
 *       issuer, validity and {@link dev.trustmirror.testkit.sigstore.SctMode};
 *   <li>{@link dev.trustmirror.testkit.sigstore.TestCtLog}: v1 SCTs, log ID = SHA-256 of its key;
 *   <li>{@link dev.trustmirror.testkit.sigstore.TestRekor}: {@code hashedrekord} and {@code dsse}
 *       entries with RFC 8785 bodies, SETs, an RFC 6962 tree, inclusion proofs and signed
 *       checkpoints;
 *   <li>{@link dev.trustmirror.testkit.sigstore.TestTsa}: RFC 3161 {@code TimeStampResp}s;
 *   <li>{@link dev.trustmirror.testkit.sigstore.TrustedRootBuilder}: {@code trusted_root.json},
 *       with chosen validity windows (a CA that ended before the signature, a log key not yet
 *       valid...).
 * </ul>
 *
 * <p>{@link dev.trustmirror.testkit.sigstore.CosignSignatures} makes the layers of a cosign
 * signature manifest ({@code sha256-<hex>.sig}): payload and annotations for key-based signing
 * ({@link dev.trustmirror.testkit.sigstore.KeyAlgorithm}: ECDSA P-256/P-384, RSA, Ed25519), keyless
 * with a Rekor SET, keyless without a log with or without a timestamp, and each {@link
 * dev.trustmirror.testkit.sigstore.CosignBreakage}. {@link
 * dev.trustmirror.testkit.sigstore.SigstoreBundles} makes v0.3 bundles (message signature over the
 * image digest or DSSE in-toto statement) and each {@link
 * dev.trustmirror.testkit.sigstore.BundleBreakage}. A verifier test typically does:
 *
 * <pre>{@code
 * SigstoreFixtures sigstore = SigstoreFixtures.create(1, SigstoreFixtures.DEFAULT_TIME);
 * Path root = sigstore.trustedRoot().writeTo(tmp.resolve("trusted_root.json"));
 * FulcioCertificate cert =
 *     sigstore.fulcio().issue(LeafRequest.of(Identity.email("dev@example.test"), ISSUER));
 * SignedImage image = SignedImage.ofManifest("registry.test/app", manifestBytes);
 * SignatureLayer good = sigstore.cosign().keyless(image, cert);
 * SignatureLayer bad =
 *     sigstore.cosign().request(image).certificate(cert).transparencyLog(true)
 *         .breakage(CosignBreakage.ENTRY_FOR_OTHER_SIGNATURE).sign();
 * // push good/bad as layers of <repo>:sha256-<hex>.sig, verify with the clock at DEFAULT_TIME
 * }</pre>
 *
 * <p>Faithfulness is proven in this module's tests: sigstore-java 2.0.0's {@code KeylessVerifier},
 * {@code FulcioVerifier}, {@code RekorVerifier}, {@code TimestampVerifier} and {@code Verifiers}
 * accept the correct fixtures and refuse each broken one for its own reason, and the real cosign
 * signatures of {@code shared/testdata/cosign-real} are reproduced by the same code paths.
 */
package dev.trustmirror.testkit.sigstore;
