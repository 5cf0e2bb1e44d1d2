package dev.trustmirror.testkit.sigstore;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The image a signature is for: the docker reference cosign writes in the payload (repository,
 * without tag or digest) and the manifest digest.
 *
 * @param dockerReference e.g. {@code registry.test:5000/team/app}
 * @param digest {@code sha256:} and 64 lowercase hex digits
 */
public record SignedImage(String dockerReference, String digest) {

  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

  /** Checks the digest form. */
  public SignedImage {
    if (!SHA256.matcher(digest).matches()) {
      throw new IllegalArgumentException(
          "Tried to describe image " + dockerReference + " but " + digest + " is not sha256:<hex>");
    }
  }

  /** An image whose manifest is {@code manifest}: its digest is SHA-256 of those bytes. */
  public static SignedImage ofManifest(String dockerReference, byte[] manifest) {
    return new SignedImage(dockerReference, "sha256:" + Sha256.hex(manifest));
  }

  /** The 32 digest bytes. */
  public byte[] digestBytes() {
    return HexFormat.of().parseHex(digestHex());
  }

  /** The 64 hex digits. */
  public String digestHex() {
    return digest.substring("sha256:".length());
  }

  /** cosign's signature tag for this image: {@code sha256-<hex>.sig}. */
  public String signatureTag() {
    return "sha256-" + digestHex() + ".sig";
  }
}
