package dev.trustmirror.verifier.sigstore;

/**
 * Internal: one check refused a signature for one authority. Becomes a {@link Reason} of the
 * verdict; never leaves this package. Without a stack trace: refusals are expected and frequent.
 */
final class Refusal extends Exception {
  private static final long serialVersionUID = 1L;

  private final RefusalCode code;

  Refusal(RefusalCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  RefusalCode code() {
    return code;
  }
}
