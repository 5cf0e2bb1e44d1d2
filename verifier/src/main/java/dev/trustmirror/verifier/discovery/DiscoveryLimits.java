package dev.trustmirror.verifier.discovery;

/**
 * Bounds of one discovery, so that a hostile registry cannot make the verifier download or verify
 * without end. Signatures past {@code maxSignatures} are not read (a {@link DiscoveryProblem} says
 * so; the image is then verified with the first ones only, which fails closed).
 *
 * @param maxSignatures most signatures read per image: cosign layers first, then bundles
 * @param maxPayloadBytes longest simple-signing payload (a cosign layer blob); real ones are about
 *     250 bytes
 * @param maxBundleBytes longest Sigstore bundle; real ones are 5 to 10 KiB
 */
public record DiscoveryLimits(int maxSignatures, long maxPayloadBytes, long maxBundleBytes) {
  /** 32 signatures, 64 KiB payloads, 256 KiB bundles: at most 8 MiB read per image. */
  public static final DiscoveryLimits DEFAULTS = new DiscoveryLimits(32, 64 * 1024, 256 * 1024);

  public DiscoveryLimits {
    if (maxSignatures < 1 || maxPayloadBytes < 1 || maxBundleBytes < 1) {
      throw new IllegalArgumentException(
          "Discovery limits must be positive: "
              + maxSignatures
              + " signatures, "
              + maxPayloadBytes
              + " payload bytes, "
              + maxBundleBytes
              + " bundle bytes");
    }
  }
}
