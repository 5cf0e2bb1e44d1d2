package dev.trustmirror.bench;

import dev.trustmirror.verifier.sigstore.EcdsaVerification;
import java.security.interfaces.ECPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ECDSA floor of a verification: the exact ECDSA verifications it performs (algorithm, key
 * object, message, signature), recorded by the verifier's own {@link EcdsaVerification} during one
 * run, then replayed with that same implementation: the cost of the ECDSA operations themselves
 * with the fastest implementation the verifier uses. A key the verifier prepared once (trusted
 * root, policy) is still prepared when replayed, a signing certificate's key is prepared again on
 * each replay, exactly as in a verification.
 */
public final class VerdictEcdsaFloor {
  private final List<EcdsaVerification.Operation> verifications;

  private VerdictEcdsaFloor(List<EcdsaVerification.Operation> verifications) {
    this.verifications = List.copyOf(verifications);
  }

  /**
   * Records the ECDSA verifications of one run of {@code work} (run a few times before, so that
   * whatever is prepared once, as the trusted root's keys, is not counted).
   */
  static VerdictEcdsaFloor record(Runnable work) {
    for (int i = 0; i < 3; i++) {
      work.run();
    }
    return new VerdictEcdsaFloor(
        EcdsaVerification.recording(
                () -> {
                  work.run();
                  return Boolean.TRUE;
                })
            .operations());
  }

  /** How many verifications, by algorithm and curve size. */
  Map<String, Integer> counts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (EcdsaVerification.Operation r : verifications) {
      String curve =
          r.key() instanceof ECPublicKey ec
              ? "P-" + ec.getParams().getOrder().bitLength()
              : r.key().getAlgorithm();
      counts.merge(r.algorithm() + "/" + curve, 1, Integer::sum);
    }
    return counts;
  }

  /** The number of verifications. */
  int size() {
    return verifications.size();
  }

  /**
   * Replays every verification; returns how many gave the recorded result (all of them, when
   * replayed right).
   */
  int replay() {
    int same = 0;
    for (EcdsaVerification.Operation r : verifications) {
      if (r.replay()) {
        same++;
      }
    }
    return same;
  }

  @Override
  public String toString() {
    return verifications.size() + " ECDSA verifications " + counts();
  }
}
