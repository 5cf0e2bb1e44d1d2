package dev.trustmirror.bundles;

/** What is known about the admin signature of a bundle's manifest. */
public enum SignatureStatus {
  /** No {@code manifest.json.sig}, and no key was required. */
  UNSIGNED,
  /** A signature is present but no key was given to check it. */
  NOT_CHECKED,
  /** The signature verifies with the given key. */
  VERIFIED;

  /** {@code unsigned}, {@code not checked}, {@code verified}. */
  public String label() {
    return switch (this) {
      case UNSIGNED -> "unsigned";
      case NOT_CHECKED -> "signed, not checked";
      case VERIFIED -> "verified";
    };
  }
}
